import CirculaCore
import Foundation
import Testing
@testable import CirculaBalance

/// The measurement reader reports every problem of a row with its column number and name, and reads files the way
/// every Circula input is read (`TextFile`: UTF-8, BOM dropped, a bad byte located by line and byte).
@Suite struct MeasurementFileTests {
    let network = FlowNetwork(WeigherFixture.sheet)

    func errors(_ csv: String) -> [String] {
        do { _ = try MeasurementCSV.parse(csv, file: "m.csv", network: network); return [] } catch { return error.errors.map(\.description) }
    }

    func file(_ bytes: [UInt8]) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("measurements-\(UUID().uuidString).csv")
        try Data(bytes).write(to: url)
        return url
    }

    @Test("every bad cell of a row is reported, each with its column number and name")
    func everyErrorOfALine() {
        #expect(errors("stream,quantity,value[t],sd[t]\nW.bolt,mass,abc,-1\nin:W,Cu%,150,x\nin:W,mass,100,1\n") == [
            "m.csv:2: column 1 (stream): unknown stream \"W.bolt\"; expected a stream id (process.output), in:<process>, feed:<feed> or <process>.stock",
            "m.csv:2: column 3 (value[t]): expected a number, found \"abc\"",
            "m.csv:2: column 4 (sd[t]): expected a positive standard deviation, found -1000 (for a value known exactly write sd constant)",
            "m.csv:3: column 3 (value[t]): expected a Cu concentration from 0 to 100%, found 150%",
            "m.csv:3: column 4 (sd[t]): expected a number, found \"x\"",
        ])
    }

    @Test("a transfer coefficient on a feed stream and out of range: both reported")
    func transferCoefficientProblems() {
        #expect(errors("stream,quantity,value,sd\nin:W,tc:Cu,1.5,0.1\n") == [
            "m.csv:2: column 1 (stream): in:W leaves no process; expected a stream out of a process for a transfer coefficient",
            "m.csv:2: column 3 (value): expected a transfer coefficient of Cu from 0 to 1, found 1.5",
        ])
    }

    @Test("a file with a byte-order mark and CRLF line ends reads like the plain one")
    func bomAndCRLF() throws {
        let plain = try MeasurementCSV.parse(WeigherFixture.csv, file: "m.csv", network: network)
        let url = try file([0xEF, 0xBB, 0xBF] + Array(WeigherFixture.csv.replacingOccurrences(of: "\n", with: "\r\n").utf8))
        defer { try? FileManager.default.removeItem(at: url) }
        let read = try MeasurementCSV.load(url, displayName: "m.csv", network: network)
        #expect(read.map(\.value) == plain.map(\.value) && read.map(\.flow) == plain.map(\.flow) && read.count == 3)
    }

    @Test("a Latin-1 byte is refused with its line and byte")
    func latin1() throws {
        // Line 3 is `W.belt,mass,120,2 é`: é in Latin-1 is the single byte 0xE9, the 19th byte of the line.
        let url = try file(Array("stream,quantity,value[t],sd[t]\nin:W,mass,100,2\nW.belt,mass,120,2 ".utf8) + [0xE9, 0x0A])
        defer { try? FileManager.default.removeItem(at: url) }
        do {
            _ = try MeasurementCSV.load(url, displayName: "m.csv", network: network)
            Issue.record("a Latin-1 file was read")
        } catch {
            #expect(error.errors.map(\.description) == [
                "m.csv:3: not UTF-8 at line 3, byte 19 (0xE9); expected UTF-8 text: save the file as UTF-8 (\"CSV UTF-8\" in a spreadsheet), not Latin-1 or Windows-1252",
            ])
        }
    }
}
