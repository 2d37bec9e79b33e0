import CirculaCore
import CirculaLedger
import Foundation
import Testing

/// Document references in the lot and delivery files, and every error of a delivery line with its column.
@Suite("Documents in input files")
struct DocumentsCSVTests {
    let units: (String) -> AmountUnit? = { $0 == "cu" ? .gram : nil }

    /// One line with four problems gets four errors, each with its column number and name.
    @Test func deliveryCSVReportsEveryErrorOfALine() throws {
        let text = """
            delivery_id,date,customer,site,product,mass[t],documents
            D1,2024-02-30,,s1,cu,12.5 x,DN-1
            D2,2024-04-02,Beta,,zinc,1,
            """
        do {
            _ = try DeliveryCSV.parse(text, file: "d.csv", unitOf: units)
            Issue.record("expected errors")
        } catch {
            #expect(error.errors.map(\.description) == [
                "d.csv:2: column 2 (date): date \"2024-02-30\": 2024-02 has 29 days",
                "d.csv:2: column 3 (customer): expected a customer name, found an empty field",
                "d.csv:2: column 6 (mass[t]): \"12.5 x\": expected a decimal number such as 12.5",
                "d.csv:3: column 4 (site): expected a site id, found an empty field",
                "d.csv:3: column 5 (product): unknown product \"zinc\"; add it with `circula ledger init` first",
            ])
        }
    }

    /// The documents column is split on `;`; an empty cell or no column means none (nil, not written).
    @Test func deliveryDocumentsAreRead() throws {
        let rows = try DeliveryCSV.parse("""
            delivery_id,date,customer,site,product,mass[kg],documents
            D1,2024-04-01,Alpha,s1,cu,12.5,DN-1; WB-7 ;
            D2,2024-04-02,Alpha,s1,cu,1,
            """, file: "d.csv", unitOf: units)
        #expect(rows.map(\.delivery.documents) == [["DN-1", "WB-7"], nil])
        let plain = try DeliveryCSV.parse("delivery_id,date,customer,site,product,mass[kg]\nD1,2024-04-01,Alpha,s1,cu,12.5\n", file: "d.csv", unitOf: units)
        #expect(plain.map(\.delivery.documents) == [nil])
    }

    /// An unknown column is named with its number rather than ignored.
    @Test func deliveryCSVRefusesUnknownColumns() throws {
        do {
            _ = try DeliveryCSV.parse("delivery_id,date,customer,site,product,mass[t],docs\n", file: "d.csv", unitOf: units)
            Issue.record("expected an error")
        } catch {
            #expect(error.errors.map(\.description) == [
                "d.csv:1: column 7 (docs): unknown column; expected delivery_id,date,customer,site,product,mass[t] (mass unit t, kg, g or mg), and optionally documents",
            ])
        }
    }

    /// A file is read through `TextFile`: a Latin-1 byte is located, not misread.
    @Test func deliveryFilesAreCheckedToBeUTF8() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("deliveries-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: url) }
        var bytes = Array("delivery_id,date,customer,site,product,mass[t]\nD1,2024-04-01,M".utf8)
        bytes += [0xFC] + Array("ller,s1,cu,1\n".utf8)
        try Data(bytes).write(to: url)
        do {
            _ = try DeliveryCSV.read(url, displayName: "d.csv", unitOf: units)
            Issue.record("expected an error")
        } catch {
            #expect(error.errors.first?.description.hasPrefix("d.csv:2: not UTF-8 at line 2, byte 16 (0xFC)") == true, "\(error)")
        }
    }

    /// The lot file's documents column becomes the receipt's documents; a lot that names none gets none (nothing is
    /// invented that a scheme's documents rule would then accept).
    @Test func lotDocumentsReachTheReceipt() throws {
        let csv = """
            lot_id,date,supplier,feed,category,wet_mass[t],moisture[%],Cu[%],documents
            L1,2024-04-02,Collector,cu_scrap_no1,post-consumer,10,0,99,WB-1;ASSAY-1
            L2,2024-04-03,Collector,cu_scrap_no1,post-consumer,10,0,99,
            """
        let lots = try LotCSV.parse(csv, file: "l.csv")
        #expect(lots.map(\.documents) == [["WB-1", "ASSAY-1"], nil])
        #expect(try LotReceipts.receipt(for: lots[0], site: "s1").documents == ["WB-1", "ASSAY-1"])
        #expect(try LotReceipts.receipt(for: lots[1], site: "s1").documents == [])
    }

    /// A physical-stock file: every bad line located; the masses exact in each product's unit.
    @Test func physicalStockFileIsReadExactly() throws {
        #expect(try PhysicalStockCSV.parse("product,mass[kg]\ncu,120500.25\n", file: "s.csv", unitOf: units) == ["cu": 120_500_250])
        do {
            _ = try PhysicalStockCSV.parse("product,mass[t]\ncu,1\ncu,2\nzinc,3\n,4\ncu\n", file: "s.csv", unitOf: units)
            Issue.record("expected errors")
        } catch {
            #expect(error.errors.map(\.description) == [
                "s.csv:3: column 1 (product): product \"cu\" already appears on line 2",
                "s.csv:4: column 1 (product): unknown product \"zinc\"; add it with `circula ledger init` first",
                "s.csv:5: column 1 (product): expected a product id such as cu-cathode, found an empty field",
                "s.csv:6: expected 2 fields as in the header, found 1",
            ])
        }
        #expect(throws: InputErrors.self) { try PhysicalStockCSV.parse("product,amount\n", file: "s.csv", unitOf: units) }
    }
}
