/// Why a forward balance cannot be computed; each message names the lot, process or element at fault.
public enum BalanceError: Error, Equatable, CustomStringConvertible {
    case unknownFeed(lot: String, feed: String, known: String)
    case missingCoefficients(process: String, element: String)
    case closedLoop(element: String, processes: [String])
    case solver(element: String, message: String)
    case closure(element: String, input: Double, output: Double, stock: Double)

    public var description: String {
        switch self {
        case .unknownFeed(let lot, let feed, let known):
            "lot \(lot): feed \"\(feed)\" enters no process; expected a feed of plant.feed_entry (\(known))"
        case .missingCoefficients(let process, let element):
            "process \(process) receives \(element) but has no transfer-coefficient row for \(element); expected a row \(element): {output: fraction, ...}"
        case .closedLoop(let element, let processes):
            "\(element) circulates in a loop with no exit (\(processes.joined(separator: " → ")) → \(processes[0])): every output of these processes feeds the loop again; expected a bleed, a product or stock"
        case .solver(let element, let message):
            "balance of \(element): \(message)"
        case .closure(let element, let input, let output, let stock):
            "balance of \(element) does not close: in \(input) kg ≠ out \(output) kg + stock change \(stock) kg"
        }
    }
}
