import ArgumentParser
import CirculaCore

/// `circula elements`: the periodic table and its classifications.
struct ElementsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "elements",
        abstract: "List elements, filtered by classification, or show one element.",
        subcommands: [List.self, Show.self],
        defaultSubcommand: List.self
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List elements (all, or those on one list).")

        @Option(name: .customLong("class"), help: "Only elements on this list: \(ElementClass.allCases.map(\.rawValue).joined(separator: ", ")).")
        var elementClass: ElementClass?

        @OptionGroup var output: FormatOption

        func run() throws {
            let elements = elementClass.map { PeriodicTable.standard.elements(in: $0) } ?? PeriodicTable.standard.elements
            switch output.format {
            case .json:
                print(try jsonString(elements.map(ElementRecord.init)))
            case .csv, .table:
                var table = TextTable(["z", "symbol", "name", "atomic_weight", "group", "period", "block", "category", "classes"], rightAligned: [0, 3, 4, 5])
                for e in elements {
                    table.add([String(e.z), e.symbol, e.name, formatPlain(e.atomicWeight) + (e.weightIsMassNumber ? "*" : ""),
                               e.group.map(String.init) ?? "", String(e.period), e.block, e.category,
                               e.classes.sorted().map(\.rawValue).joined(separator: output.format == .csv ? ";" : " ")])
                }
                if output.format == .csv {
                    print(table.csv())
                } else {
                    print(table.render())
                    let title = elementClass.map { "\($0.title)" } ?? "all elements"
                    print("\n\(elements.count) elements: \(title). * mass number of the longest-lived isotope.")
                }
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show every fact and classification of one element.")

        @Argument(help: "Symbol, name or atomic number (Te, tellurium, 52).")
        var element: String

        @OptionGroup var output: FormatOption

        func run() throws {
            let e: Element
            do { e = try PeriodicTable.standard.element(element) } catch { throw fail(error) }
            switch output.format {
            case .json:
                print(try jsonString(ElementRecord(e)))
            case .csv:
                var table = TextTable(["field", "value"])
                for (field, value) in facts(e) { table.add([field, value]) }
                print(table.csv())
            case .table:
                var table = TextTable(["field", "value"])
                for (field, value) in facts(e) { table.add([field, value]) }
                print(table.render())
            }
        }

        func facts(_ e: Element) -> [(String, String)] {
            var rows: [(String, String)] = [
                ("symbol", e.symbol), ("name", e.name), ("atomic number", String(e.z)),
                ("atomic weight", formatPlain(e.atomicWeight) + (e.weightIsMassNumber ? " (mass number of the longest-lived isotope)" : " g/mol")),
                ("group", e.group.map(String.init) ?? "none (f-block)"), ("period", String(e.period)),
                ("block", e.block), ("category", e.category),
            ]
            for elementClass in ElementClass.allCases {
                rows.append((elementClass.rawValue, e.classes.contains(elementClass) ? "yes: \(elementClass.title)" : "no"))
            }
            return rows
        }
    }
}

extension ElementClass: ExpressibleByArgument {}
