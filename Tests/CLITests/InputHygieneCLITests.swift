import CirculaTestSupport
import Foundation
import Testing

@Suite("circula CLI: input files from spreadsheets and old systems")
struct InputHygieneCLITests {
    static let lines = [CLIFixtures.lotHeader,
                        "L1,2024-04-02,Collector,cu_scrap_no2,post-consumer,10,0,90",
                        "L2,2024-04-03,Collector,cu_scrap_no2,post-consumer,5,1,80"]

    @Test func crOnlyLinesAndABomAreRead() throws {
        let cli = try CLI()
        defer { cli.remove() }
        try (Data([0xEF, 0xBB, 0xBF]) + Data(Self.lines.joined(separator: "\r").utf8)).write(to: cli.directory.appendingPathComponent("mac.csv"))
        let r = try cli.run("lots", "check", "mac.csv")
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.hasPrefix("mac.csv: 2 lots, valid"), "\(r.out)")
    }

    @Test func latin1NamesLineAndByteAndEveryCellOfALineIsReported() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let latin1 = Data((Self.lines[0] + "\nL1,2024-04-02,").utf8) + Data([0x4D, 0xFC]) + Data("ller,cu_scrap_no2,post-consumer,10,0,90\n".utf8)
        try latin1.write(to: cli.directory.appendingPathComponent("latin1.csv"))
        let r = try cli.run("lots", "check", "latin1.csv")
        #expect(r.status == 1)
        #expect(r.err.hasPrefix("error: latin1.csv:2: not UTF-8 at line 2, byte 16 (0xFC)"), "\(r.err)")
        try (Self.lines[0] + "\nL1,2024-02-30,Collector,cu_scrap_no2,recycled,10,0,x\n").write(toFile: cli.path("bad.csv"), atomically: true, encoding: .utf8)
        let bad = try cli.run("lots", "check", "bad.csv")
        #expect(bad.err == """
            error: bad.csv:2: column 2 (date): expected a date YYYY-MM-DD, found "2024-02-30"
            error: bad.csv:2: column 5 (category): expected primary, pre-consumer or post-consumer, found "recycled"
            error: bad.csv:2: column 8 (Cu[%]): expected a number, found "x"
            3 errors; nothing was imported.

            """, "\(bad.err)")
    }
}
