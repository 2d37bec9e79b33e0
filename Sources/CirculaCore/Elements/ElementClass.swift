/// A published list an element may belong to. Each case keeps the source of its list,
/// so a classification shown to a user can always be traced back.
public enum ElementClass: String, CaseIterable, Codable, Sendable, Comparable {
    /// Japan's rare metals: 31 types = 47 elements (MITI Mining Council definition, cited by METI 2014).
    case rareMetalJP = "rare-metal-jp"
    /// IEA critical minerals dataset (May 2024): 37 minerals mapped to 41 elements.
    case criticalIEA = "critical-iea"
    /// EU Critical Raw Materials Act 2024/1252, Annex II (2023 assessment): 34 CRMs → 49 elements.
    case criticalEU = "critical-eu"
    /// EU Critical Raw Materials Act 2024/1252, Annex I: 17 strategic raw materials → 28 elements.
    case strategicEU = "strategic-eu"
    /// USGS 2022 final list of critical minerals (87 FR 10381): 50 elements.
    case criticalUS = "critical-us"
    /// Elements this company recovers, confirmed in company releases (see elements-sources.md).
    case recovered = "recovered"

    /// The column of `elements.csv` that holds the flag.
    public var csvColumn: String {
        switch self {
        case .rareMetalJP: "rare_metal_jp"
        case .criticalIEA: "critical_iea"
        case .criticalEU: "critical_eu_2023"
        case .strategicEU: "strategic_eu_2023"
        case .criticalUS: "critical_us_2022"
        case .recovered: "recovered_jx"
        }
    }

    /// A human title for tables and reports.
    public var title: String {
        switch self {
        case .rareMetalJP: "Japan rare metal (METI, 31 types / 47 elements)"
        case .criticalIEA: "IEA critical mineral (2024)"
        case .criticalEU: "EU critical raw material (CRMA 2024/1252 Annex II)"
        case .strategicEU: "EU strategic raw material (CRMA 2024/1252 Annex I)"
        case .criticalUS: "US critical mineral (USGS 2022)"
        case .recovered: "Recovered by us"
        }
    }

    public static func < (a: ElementClass, b: ElementClass) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}
