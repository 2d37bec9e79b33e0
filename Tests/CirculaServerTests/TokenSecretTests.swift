import CirculaServer
import Testing

/// The digest that tokens and sessions are stored and looked up by.
@Suite("circula serve: token digests")
struct TokenSecretTests {
    @Test("sha256Hex gives the FIPS 180-2 test vectors, lower-case hex")
    func vectors() {
        // FIPS 180-2, appendix B.1 and B.2.
        #expect(TokenSecret.sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(TokenSecret.sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(TokenSecret.sha256Hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test("parse takes circ_<id>_<secret> only")
    func parse() {
        #expect(TokenSecret.parse("circ_abc123_s3cret")?.id == "abc123")
        #expect(TokenSecret.parse("circ_abc123_s3cret")?.secret == "s3cret")
        for bad in ["", "circ_", "circ__x", "circ_ab-c_x", "Bearer circ_a_b", "circ_a_" + String(repeating: "x", count: 300)] {
            #expect(TokenSecret.parse(bad) == nil, "\(bad.prefix(20))")
        }
    }
}
