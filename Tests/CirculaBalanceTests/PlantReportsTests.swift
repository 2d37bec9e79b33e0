import Foundation
import Testing
@testable import CirculaBalance
import CirculaCore

/// The fiscal year, battery and rare-earth reports on the bundled model and sample fiscal year.
@Suite("Fiscal year, battery and rare-earth reports", .serialized)
struct PlantReportsTests {
    nonisolated(unsafe) static let model = try! ModelFile.bundledDefault()
    static let lots = try! LotCSV.load(Resources.url("sample-fiscal-year.csv"))
    static let year = try! FiscalYearReport(model: model, lots: lots)

    @Test("months add up to the year (the balance is linear) and the Cu ratio is cathode recycled / cathode")
    func monthsAddUp() throws {
        let year = Self.year
        #expect(year.months.map(\.label).first == "2024-04" && year.months.map(\.label).last == "2025-03")
        #expect(year.months.count == 12)
        #expect(year.months.reduce(0) { $0 + $1.lots } == year.total.lots)
        for element in RecyclingRatios.defaultElements {
            let monthly = year.months.reduce(0.0) { $0 + ($1.ratios[element]?.recycledKg ?? 0) }
            let yearly = try #require(year.total.ratios[element]?.recycledKg)
            #expect(abs(monthly - yearly) <= 1e-9 * max(yearly, 1), "\(element)")
        }
        let cu = try #require(year.total.ratios["Cu"])
        let cathode = year.total.result.flow(stream: "electrorefining.cathode", element: "Cu")
        #expect(cu.productKg == cathode)
        #expect(abs(cu.share! - year.total.result.recycledShare(stream: "electrorefining.cathode", element: "Cu")!) < 1e-12)
        // The sample year is generated to resemble the published FY2024 figures (about 24.6%, about 100 kt).
        #expect(cu.share! > 0.22 && cu.share! < 0.27)
        #expect(cu.recycledKg > 90e6 && cu.recycledKg < 110e6)
    }

    @Test("every product stream of the balanced year carries only its metal (and listed impurities)")
    func productsCarryOneMetal() throws {
        let result = Self.year.total.result
        for report in ProductStreamReport.all(result) {
            let allowed = Set(report.spec.constituents + report.spec.impurities)
            for element in result.elements where result.flow(stream: report.stream, element: element) > 0 {
                #expect(allowed.contains(element), "\(report.stream) carries \(element)")
            }
        }
        #expect(Self.year.rareMetalsRecovered().count >= 20)
    }

    @Test("Art. 8 minimums: a date decides, boundaries included")
    func batteryDates() throws {
        let minimums = try BatteryReport.minimums(in: Self.model)
        #expect(BatteryReport.applicable(minimums, on: "2031-08-17") == nil)
        #expect(BatteryReport.applicable(minimums, on: "2031-08-18")?.shares["Co"] == 0.16)
        #expect(BatteryReport.applicable(minimums, on: "2036-08-17")?.shares["Ni"] == 0.06)
        #expect(BatteryReport.applicable(minimums, on: "2036-08-18")?.shares["Co"] == 0.26)
        #expect(BatteryReport.applicable(minimums, on: "2036-08-18")?.shares["Pb"] == 0.85)
        #expect(BatteryReport.applicable(minimums, on: "2040-01-01")?.shares["Li"] == 0.12)
    }

    @Test("cathode-material recycled content splits pre/post-consumer by attribution and is judged per material")
    func batteryShares() throws {
        let result = Self.year.total.result
        let report = BatteryReport(result, minimums: try BatteryReport.minimums(in: Self.model), on: "2036-08-18")
        let product = try #require(report.products.first)
        #expect(product.stream == "cathode_synthesis.ncm_cathode")
        #expect(Set(product.materials.map(\.element)) == ["Co", "Li", "Ni"])
        for material in product.materials {
            let recycled = result.recycledMassByLot(stream: product.stream, element: material.element).values.reduce(0, +)
            #expect(abs(material.recycledShare - recycled / material.kg) < 1e-12)
            #expect(material.preConsumerShare > 0 && material.postConsumerShare > 0)
            #expect(material.passes == (material.recycledShare >= material.minimum!))
        }
        let early = BatteryReport(result, minimums: try BatteryReport.minimums(in: Self.model), on: "2030-01-01")
        #expect(early.products.first?.materials.allSatisfy { $0.passes == nil } == true)
    }

    @Test("each rare-earth oxide has its output, purity and magnet-derived share")
    func rareEarths() throws {
        let result = Self.year.total.result
        let report = RareEarthReport(result)
        #expect(report.oxides.count == 15)
        let dy = try #require(report.oxides.first { $0.compound == "Dy2O3" })
        let fromMagnets = result.attribution(stream: dy.stream, element: "Dy", by: .feed)["ndfeb_scrap_ev"] ?? 0
        #expect(abs(dy.recycledShare! - fromMagnets / dy.elementKg) < 1e-12)
        #expect(dy.oxideKg > dy.elementKg)
        #expect(report.oxides.first { $0.compound == "Y2O3" }?.recycledShare == 0)
        #expect(report.oxides.allSatisfy { $0.purity != nil })
    }

    @Test("the HTML report is self-contained: inline SVG, no scripts, no external references")
    func htmlSelfContained() throws {
        let html = FiscalYearHTML(year: Self.year, battery: [], rareEarths: RareEarthReport(Self.year.total.result), title: "t <&>").render()
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<svg"))
        #expect(!html.contains("<script"))
        #expect(html.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "").range(of: "http") == nil)
        #expect(html.contains("t &lt;&amp;&gt;"))
    }
}
