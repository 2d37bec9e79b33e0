import CirculaCore
import CirculaLedger
import Hummingbird

/// A ledger refusal as problem details: unknown ids are 404 (naming the field), every other refusal 409/422,
/// with the ledger's own message. Nothing was written: the ledger appends all or nothing.
func problem(_ error: LedgerError, field: String? = nil) -> Problem {
    switch error {
    case .unknown(let kind, let id): return Problem(.notFound, "Not Found", detail: "unknown \(kind) \"\(id.prefix(60))\"", field: field)
    case .insufficientCredits, .overClaim, .periodClosed, .duplicate, .alreadyCredited:
        return Problem(.conflict, "Conflict", detail: error.description, field: field)
    case .storage: return Problem(.serviceUnavailable, "Service Unavailable", detail: "the ledger store is not available")
    default: return Problem.unprocessable(error.description, field: field)
    }
}

/// Located input errors (an uploaded file) as one problem listing every line/column and what was expected.
func problem(_ errors: InputErrors, file: String, nothing: String = "nothing was recorded") -> Problem {
    let details = errors.errors.map { e in
        Problem.Detail(field: nil, line: e.location.line, column: e.location.field.map { $0.hasPrefix("column ") ? String($0.dropFirst(7)) : $0 },
                       expected: nil, message: e.message)
    }
    let first = details.first
    return Problem(.unprocessableContent, "Invalid Upload", detail: "\(file): \(errors.errors.count) error(s); \(nothing). \(errors.errors.first.map(\.description) ?? "")",
                   line: first?.line, column: first?.column, expected: first?.message, errors: details)
}
