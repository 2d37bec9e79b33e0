/// Rules of a certificate record: only for a live delivery with credits allocated, once per certificate id.
extension LedgerState {
    mutating func applyCertificate(_ record: CertificateRecord, id: String, recordedAt: String?) throws(LedgerError) {
        try checkID(record.certificate, "certificate id")
        guard var delivery = deliveries[record.delivery], !delivery.reversed else { throw .unknown(kind: "delivery", id: record.delivery) }
        guard certificates[record.certificate] == nil else { throw .duplicate(kind: "certificate", id: record.certificate) }
        guard delivery.claimed > 0 else { throw .nothingToCertify(delivery: record.delivery) }
        guard record.bodyHash.count == 64, record.bodyHash.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }) else {
            throw .malformedBodyHash(certificate: record.certificate)
        }
        try checkSupersession(record, delivery: delivery, id: id, recordedAt: recordedAt)
        delivery.certificates.append(record.certificate)
        certificates[record.certificate] = record
        deliveries[record.delivery] = delivery
        touch(LedgerState.key(delivery: record.delivery))
        touch(LedgerState.key(certificate: record.certificate))
    }
}
