import CirculaCore
import Foundation
import Testing

/// Input files as spreadsheets and old systems write them: other encodings, line endings, a byte-order mark,
/// several mistakes on one line.
@Suite struct InputFileHygieneTests {
    static let header = "lot_id,date,supplier,feed,category,wet_mass[t],moisture[%],Cu[%]"
    static let rows = ["L-1,2024-04-02,Collector,cu_scrap_no2,post-consumer,10,0,90", "L-2,2024-04-03,Collector,cu_scrap_no2,post-consumer,5,1,80"]

    func write(_ data: Data) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("circula-hygiene-\(UUID().uuidString).csv")
        try data.write(to: url)
        return url
    }

    @Test("CR-only, CRLF and LF line endings and a BOM read the same lots, on the same lines", arguments: ["\n", "\r\n", "\r"])
    func lineEndings(_ ending: String) throws {
        let text = ([Self.header] + Self.rows).joined(separator: ending) + ending
        for bom in [false, true] {
            let url = try write((bom ? Data([0xEF, 0xBB, 0xBF]) : Data()) + Data(text.utf8))
            defer { try? FileManager.default.removeItem(at: url) }
            let lots = try LotCSV.load(url, displayName: "lots.csv")
            #expect(lots.map(\.id) == ["L-1", "L-2"])
            #expect(lots.map { $0.location?.line } == [2, 3])
        }
    }

    @Test func aLineBreakInsideQuotesCountsAsALineWhateverTheEnding() throws {
        for ending in ["\n", "\r\n", "\r"] {
            let text = "a,b\(ending)\"x\(ending)y\",1\(ending)z,2\(ending)"
            let records = try CSVReader.records(text, file: "q.csv")
            #expect(records.map(\.line) == [1, 2, 4])
            #expect(records[1].fields[0] == "x\(ending)y")
        }
    }

    @Test func latin1IsRefusedWithLineAndByte() throws {
        // "Müller" in Latin-1: ü is the single byte 0xFC, the 17th byte of line 3.
        var data = Data((Self.header + "\n" + Self.rows[0] + "\n").utf8)
        data += Data("L-3,2024-04-03,M".utf8) + Data([0xFC]) + Data("ller,cu_scrap_no2,post-consumer,1,0,50\n".utf8)
        let url = try write(data)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect {
            try LotCSV.load(url, displayName: "latin1.csv")
        } throws: { error in
            guard let errors = error as? InputErrors, errors.errors.count == 1 else { return false }
            return errors.errors[0].description.hasPrefix("latin1.csv:3: not UTF-8 at line 3, byte 17 (0xFC)")
        }
    }

    @Test func everyErrorOfALineIsReported() throws {
        let text = Self.header + "\nL-1,2024-13-01,Collector,cu_scrap_no2,recycled,-4,0,abc\n"
        #expect {
            try LotCSV.parse(text, file: "lots.csv")
        } throws: { error in
            (error as? InputErrors)?.errors.map(\.description) == [
                "lots.csv:2: column 2 (date): expected a date YYYY-MM-DD, found \"2024-13-01\"",
                "lots.csv:2: column 5 (category): expected primary, pre-consumer or post-consumer, found \"recycled\"",
                "lots.csv:2: column 6 (wet_mass[t]): expected a mass ≥ 0, found -4",
                "lots.csv:2: column 8 (Cu[%]): expected a number, found \"abc\"",
            ]
        }
    }

    @Test func headerErrorsGiveTheColumnNumber() throws {
        #expect {
            try LotCSV.parse("lot_id,date,supplier,feed,category,wet_mass[lb],moisture[%]\n", file: "h.csv")
        } throws: { error in
            (error as? InputErrors)?.errors.map(\.description)
                == ["h.csv:1: column 6 (wet_mass[lb]): expected a mass unit in brackets: wet_mass[t], wet_mass[kg] or wet_mass[g]"]
        }
    }
}
