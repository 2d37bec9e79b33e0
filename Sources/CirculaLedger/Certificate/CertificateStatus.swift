import CirculaCore

/// What a certificate is now: a certificate is issued `valid`, and leaves that state once, by revocation (it should
/// never have been issued, or its claim was withdrawn) or by supersession (a corrected certificate replaces it).
public enum CertificateLifecycle: String, Vocabulary {
    case valid, revoked, superseded
}

/// The ledger event that takes a certificate out of `valid`: revoked with a reason, or superseded by a newer
/// certificate for the same delivery (recorded in the same append as the newer one's issue).
public struct CertificateStatusChange: Codable, Sendable, Equatable {
    public var certificate: String
    /// `revoked` or `superseded` (never `valid`: a certificate is valid from its issue on).
    public var status: CertificateLifecycle
    public var reason: String
    /// The certificate that replaces this one (only with `superseded`).
    public var supersededBy: String?
    public var date: String

    public init(certificate: String, status: CertificateLifecycle, reason: String, supersededBy: String? = nil, date: String) {
        self.certificate = certificate; self.status = status; self.reason = reason; self.supersededBy = supersededBy; self.date = date
    }
}

/// The state row of a certificate that is no longer valid.
public struct CertificateStatusState: Codable, Sendable, Equatable {
    public var status: CertificateLifecycle
    public var reason: String
    public var supersededBy: String?
    public var date: String
    /// The id of the event that changed the status.
    public var event: String
}

/// Rules of a status change: the certificate exists and is valid; a reason is given; a supersession names another
/// certificate, issued before it for the same delivery and itself valid.
extension LedgerState {
    public func status(ofCertificate id: String) -> CertificateLifecycle {
        certificateStatus[id]?.status ?? .valid
    }

    /// Issue rule: a delivery has at most one valid certificate. A new one either names the valid one it supersedes
    /// (same delivery, with a reason; the old one becomes `superseded` in the same event) or finds none valid.
    mutating func checkSupersession(_ record: CertificateRecord, delivery: DeliveryState, id: String, recordedAt: String?) throws(LedgerError) {
        let valid = delivery.certificates.filter { status(ofCertificate: $0) == .valid }
        guard let old = record.supersedes else {
            if let existing = valid.first { throw .certificateExists(delivery: record.delivery, certificate: existing) }
            return
        }
        guard let previous = certificates[old] else { throw .unknown(kind: "certificate", id: old) }
        guard previous.delivery == record.delivery else {
            throw .supersedeMismatch("\(record.certificate) is for delivery \(record.delivery), \(old) for \(previous.delivery)")
        }
        let current = status(ofCertificate: old)
        guard current == .valid else { throw .certificateNotValid(certificate: old, status: current.rawValue) }
        try nonEmpty(record.reason ?? "", "reason")
        certificateStatus[old] = CertificateStatusState(status: .superseded, reason: record.reason ?? "", supersededBy: record.certificate,
                                                        date: String((recordedAt ?? "").prefix(10)), event: id)
        touch(LedgerState.key(certificateStatus: old))
    }

    mutating func applyCertificateStatus(_ change: CertificateStatusChange, id: String) throws(LedgerError) {
        try checkID(change.certificate, "certificate id")
        guard let record = certificates[change.certificate] else { throw .unknown(kind: "certificate", id: change.certificate) }
        let current = status(ofCertificate: change.certificate)
        guard current == .valid else { throw .certificateNotValid(certificate: change.certificate, status: current.rawValue) }
        try nonEmpty(change.reason, "reason")
        _ = try CalendarDate(change.date)
        switch change.status {
        case .valid: throw .supersedeMismatch("a status change must be revoked or superseded, not valid")
        case .revoked:
            guard change.supersededBy == nil else { throw .supersedeMismatch("a revocation names no successor; use superseded") }
        case .superseded:
            guard let next = change.supersededBy else { throw .supersedeMismatch("superseded needs the successor certificate") }
            guard next != change.certificate else { throw .supersedeMismatch("certificate \(next) cannot supersede itself") }
            guard let successor = certificates[next] else { throw .unknown(kind: "certificate", id: next) }
            guard successor.delivery == record.delivery else {
                throw .supersedeMismatch("\(next) is for delivery \(successor.delivery), \(change.certificate) for \(record.delivery)")
            }
            let successorStatus = status(ofCertificate: next)
            guard successorStatus == .valid else { throw .certificateNotValid(certificate: next, status: successorStatus.rawValue) }
        }
        certificateStatus[change.certificate] = CertificateStatusState(status: change.status, reason: change.reason,
                                                                       supersededBy: change.supersededBy, date: change.date, event: id)
        touch(LedgerState.key(certificateStatus: change.certificate))
    }
}
