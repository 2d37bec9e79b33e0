import CirculaTestSupport
import Foundation
import Testing

@Suite("circula CLI: certificate files")
struct CertificateCLITests {
    @Test func keygenNeverOverwritesAKeyAndUnreadableFilesAreNamed() throws {
        let cli = try CLI()
        defer { cli.remove() }
        #expect(try cli.run("certificate", "keygen", "--out", "keys").status == 0)
        let before = try String(contentsOfFile: cli.path("keys/issuer.key.pem"), encoding: .utf8)
        let again = try cli.run("certificate", "keygen", "--out", "keys")
        #expect(again.status == 1)
        #expect(again.err.hasPrefix("error: ") && again.err.hasSuffix("keys/issuer.key.pem exists; refusing to overwrite an issuer key\n"), "\(again.err)")
        #expect(try String(contentsOfFile: cli.path("keys/issuer.key.pem"), encoding: .utf8) == before)
        let missing = try cli.run("certificate", "verify", "missing.json", "--key", "keys/issuer.pub.pem")
        #expect(missing.status == 1)
        #expect(missing.err.hasPrefix("error: missing.json: cannot read the file"), "\(missing.err)")
    }
}
