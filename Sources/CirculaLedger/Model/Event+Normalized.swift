/// Every identifier of an event in Unicode NFC (`Identifier.normalized`); free text (names, documents,
/// reasons) is left as written.
extension LedgerEvent {
    public func normalized() -> LedgerEvent {
        let n = Identifier.normalized
        switch self {
        case .initialize: return self
        case .addSite(var s): s.id = n(s.id); return .addSite(s)
        case .addProduct(var p): p.id = n(p.id); return .addProduct(p)
        case .openAccount(var a):
            a.id = n(a.id); a.site = n(a.site); a.product = n(a.product); a.ringFencedFor = a.ringFencedFor.map(n)
            return .openAccount(a)
        case .receive(var r):
            r.lot = n(r.lot); r.site = n(r.site); r.supplier = n(r.supplier); r.ringFencedFor = r.ringFencedFor.map(n)
            return .receive(r)
        case .issueCredit(var c): c.lot = n(c.lot); c.account = n(c.account); return .issueCredit(c)
        case .transfer(var t): t.from = n(t.from); t.to = n(t.to); return .transfer(t)
        case .deliver(var d):
            d.delivery = n(d.delivery); d.customer = n(d.customer); d.site = n(d.site); d.product = n(d.product)
            return .deliver(d)
        case .allocate(var a): a.delivery = n(a.delivery); a.account = n(a.account); return .allocate(a)
        case .issueCertificate(var c): c.certificate = n(c.certificate); c.delivery = n(c.delivery); c.supersedes = c.supersedes.map(n); return .issueCertificate(c)
        case .closePeriod: return self
        case .correct(var c): c.subject = n(c.subject); return .correct(c)
        case .certificateStatus(var c): c.certificate = n(c.certificate); c.supersededBy = c.supersededBy.map(n); return .certificateStatus(c)
        }
    }
}
