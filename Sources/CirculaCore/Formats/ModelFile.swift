import Foundation

/// A model definition in YAML: sources, the feed catalogue, the flowsheet (unit operations with
/// transfer coefficients) and the plant section (where feeds enter, bleed fractions).
/// The economics and constraints sections are kept as YAML for the planner to read.
///
/// The bundled default is `metallurgy.yaml` (from `shared/data`, with a `plant:` section of ours):
/// ```swift
/// let model = try ModelFile.bundledDefault()
/// model.flowsheet.processes.count
/// ```
public struct ModelFile {
    public var file: String
    public var sources: [String: Source]
    public var feeds: [Feed]
    public var flowsheet: Flowsheet
    /// The whole document, for sections other modules read (`economics`, `constraints`).
    public var root: YAMLCursor

    public struct Source: Sendable, Codable, Equatable {
        public var key: String
        public var title: String
        public var url: String?
        public var verified: Bool
    }

    public func feed(_ id: String) -> Feed? { feeds.first { $0.id == id } }

    /// Loads the model bundled with Circula.
    public static func bundledDefault() throws(InputErrors) -> ModelFile {
        try load(Resources.url("metallurgy.yaml"), displayName: "metallurgy.yaml")
    }

    public static func load(_ url: URL, displayName: String? = nil) throws(InputErrors) -> ModelFile {
        let name = displayName ?? url.path
        let text: String
        do { text = try TextFile.read(url, displayName: name) } catch { throw InputErrors([error]) }
        return try parse(text, file: name)
    }

    /// Parses a model; collects every problem before failing.
    public static func parse(_ text: String, file: String, table: PeriodicTable = .standard) throws(InputErrors) -> ModelFile {
        let root: YAMLCursor
        do { root = try YAMLCursor.parse(text, file: file) } catch { throw InputErrors([error]) }
        var errors: [LocatedError] = []
        func attempt<T>(_ body: () throws -> T) -> T? {
            do { return try body() } catch let error as LocatedError { errors.append(error) } catch let error as InputErrors {
                errors.append(contentsOf: error.errors)
            } catch { errors.append(LocatedError(SourceLocation(file: file), "\(error)")) }
            return nil
        }

        var sources: [String: Source] = [:]
        if let section = root.optional("sources"), let entries = attempt({ try section.entries() }) {
            for (key, value) in entries {
                if let source = attempt({ () throws -> Source in
                    if case .scalar = value.node { return Source(key: key, title: try value.string(), url: nil, verified: false) }
                    return Source(key: key, title: try value.string("title"), url: try value.optionalString("url"), verified: try value.flag("verified"))
                }) { sources[key] = source }
            }
        }

        var feeds: [Feed] = []
        if let section = root.optional("feeds"), let items = attempt({ try section.items() }) {
            for item in items {
                if let feed = attempt({ try parseFeed(item, sources: sources, table: table) }) {
                    if feeds.contains(where: { $0.id == feed.id }) {
                        errors.append(item.error("feed id \"\(feed.id)\" appears twice; expected unique ids"))
                    } else {
                        feeds.append(feed)
                    }
                }
            }
        }

        var processes: [Process] = []
        var invalidIDs = Set<String>()   // processes with errors of their own: no second error where they are named
        if let section = root.optional("unit_operations"), let items = attempt({ try section.items() }) {
            for item in items {
                if let process = attempt({ try parseProcess(item, table: table) }) { processes.append(process) } else if let id = try? item.string("id") {
                    invalidIDs.insert(id)
                }
            }
        }

        var flowsheet = Flowsheet(processes: processes).resolvingProcessLinks()
        if let plant = root.optional("plant") {
            do { try applyPlant(plant, to: &flowsheet, feeds: feeds, invalidIDs: invalidIDs) } catch { errors.append(contentsOf: error.errors) }
        }
        if errors.isEmpty { errors.append(contentsOf: validateLinks(flowsheet, root: root)) }
        if !errors.isEmpty { throw InputErrors(errors) }
        return ModelFile(file: file, sources: sources, feeds: feeds, flowsheet: flowsheet, root: root)
    }

    static func parseFeed(_ item: YAMLCursor, sources: [String: Source], table: PeriodicTable) throws(LocatedError) -> Feed {
        let id = try item.string("id")
        let category = try item.string("category")
        guard ["primary", "recycled", "pre-consumer", "post-consumer"].contains(category) else {
            throw try item.required("category").error("expected primary, recycled, pre-consumer or post-consumer, found \"\(category)\"")
        }
        var components: [(String, SourcedValue)] = []
        for (name, value) in try item.required("composition").entries() {
            let sourced = try SourcedValue(value)
            if let unit = sourced.unit, ConcentrationUnit(symbol: unit) == nil {
                throw try value.required("unit").error("expected a concentration unit (wt%, %, ppm, g/t, ppb), found \"\(unit)\"")
            }
            if let key = sourced.source, !sources.isEmpty, sources[key] == nil {
                throw try value.required("source").error("unknown source \"\(key)\"; expected a key of the sources section")
            }
            components.append((name, sourced))
        }
        var feed = Feed(id: id, name: try item.optionalString("name") ?? id, category: category,
                        basis: try item.optionalString("basis") ?? "dry", components: components, note: try item.optionalString("note"))
        feed.requiredAssays = try requiredAssays(item, table: table)
        do { _ = try feed.composition(table: table) } catch {
            throw try item.required("composition").error("\(error)")
        }
        return feed
    }

    static func parseProcess(_ item: YAMLCursor, table: PeriodicTable) throws(InputErrors) -> Process {
        var errors: [LocatedError] = []
        let id: String
        do { id = try item.string("id") } catch { throw InputErrors([error]) }
        var outputs: [Output] = []
        do {
            for (name, spec) in try item.required("outputs").entries() {
                let note = try spec.optionalString("note")
                if let to = try spec.optionalString("to") {
                    outputs.append(Output(name: name, destination: .sink(to), note: note,
                                          product: try ProductSpec.parse(spec, table: table)))  // resolved against processes later
                } else if let to = try spec.optionalString("recycle_to") {
                    var bleed: (String, Double)? = nil
                    if let bleedTo = try spec.optionalString("bleed_to") {
                        bleed = (bleedTo, try spec.optionalDouble("bleed_fraction") ?? -1)
                    }
                    outputs.append(Output(name: name, destination: .process(to), bleed: bleed, note: note))
                } else {
                    errors.append(spec.error("output leads nowhere; expected \"to:\" (a process or a sink such as product, discard) or \"recycle_to:\" (a process)"))
                }
            }
        } catch { errors.append(error) }

        var coefficients: [String: [String: Double]] = [:]
        var order: [String] = []
        var locations: [String: SourceLocation] = [:]
        let outputNames = Set(outputs.map(\.name))
        do {
            // Optional: a flowsheet of measured streams for reconciliation needs no coefficients.
            for (layer, row) in try item.optional("transfer_coefficients")?.entries() ?? [] {
                locations[layer] = row.location
                if !isKnownLayer(layer, table: table) {
                    var hint = ""
                    do { _ = try table.element(layer) } catch { hint = ": \(error)" }
                    errors.append(row.error("unknown element or compound \"\(layer)\"\(hint)"))
                    continue
                }
                var values: [String: Double] = [:]
                var rowIsComplete = true
                for (output, value) in try row.entries() {
                    guard outputNames.contains(output) || output == Process.stockKey else {
                        errors.append(value.error("unknown output \"\(output)\"; expected one of \(outputs.map(\.name).joined(separator: ", ")) or stock"))
                        rowIsComplete = false
                        continue
                    }
                    let fraction = try value.double()
                    guard fraction >= 0, fraction <= 1 else {
                        errors.append(value.error("expected a fraction from 0 to 1, found \(formatPlain(fraction))"))
                        continue
                    }
                    values[output] = fraction
                }
                let sum = values.values.reduce(0, +)
                if rowIsComplete, abs(sum - 1) > 1e-6 {
                    let parts = values.sorted { $0.key < $1.key }.map { "\($0.key) \(formatPlain($0.value))" }.joined(separator: " + ")
                    errors.append(row.error("transfer coefficients of \(layer) sum to \(formatPlain((sum * 1e9).rounded() / 1e9)) (\(parts)); expected 1 (outputs plus stock)"))
                }
                coefficients[layer] = values
                order.append(layer)
            }
        } catch { errors.append(error) }
        if !errors.isEmpty { throw InputErrors(errors) }
        do {
            return Process(id: id, name: try item.optionalString("name") ?? id, route: try item.optionalString("route"),
                           source: try item.optionalString("source"), assumed: try item.flag("assumed"),
                           outputs: outputs, transferCoefficients: coefficients, layerOrder: order, rowLocations: locations)
        } catch { throw InputErrors([error]) }
    }

    /// Reads `plant: {feed_entry: {feed: process}, bleed_fraction: {process.output: f}}`.
    static func applyPlant(_ plant: YAMLCursor, to flowsheet: inout Flowsheet, feeds: [Feed], invalidIDs: Set<String> = []) throws(InputErrors) {
        var errors: [LocatedError] = []
        var reportedUnknown = invalidIDs
        do {
            if let entry = plant.optional("feed_entry") {
                // One misspelt process id is one error, not one per feed that enters it.
                var unknown: [(id: String, at: YAMLCursor, feeds: [String])] = []
                for (feed, process) in try entry.entries() {
                    let processID = try process.string()
                    if !feeds.isEmpty, !feeds.contains(where: { $0.id == feed }) {
                        errors.append(process.error("unknown feed \"\(feed)\"; expected an id of the feeds section"))
                    } else if flowsheet.index(of: processID) == nil {
                        if let k = unknown.firstIndex(where: { $0.id == processID }) { unknown[k].feeds.append(feed) } else { unknown.append((processID, process, [feed])) }
                    } else {
                        flowsheet.feedEntry[feed] = processID
                    }
                }
                for (id, at, entering) in unknown where !invalidIDs.contains(id) {
                    reportedUnknown.insert(id)
                    let others = entering.count > 1 ? " (feed_entry of \(entering.joined(separator: ", ")))" : ""
                    errors.append(at.error("unknown process \"\(id)\"\(others); expected an id of unit_operations\(Flowsheet.suggesting(id, among: flowsheet.processes.map(\.id)))"))
                }
            }
            if let bleeds = plant.optional("bleed_fraction") {
                for (key, value) in try bleeds.entries() {
                    let parts = key.split(separator: ".").map(String.init)
                    // A misspelt process id is reported once (with feed_entry), not again for each of its bleeds.
                    if parts.count == 2, flowsheet.index(of: parts[0]) == nil {
                        if reportedUnknown.insert(parts[0]).inserted {
                            errors.append(value.error("unknown process \"\(parts[0])\" in \(key); expected an id of unit_operations\(Flowsheet.suggesting(parts[0], among: flowsheet.processes.map(\.id)))"))
                        }
                        continue
                    }
                    let fraction = try value.double()
                    guard parts.count == 2, let p = flowsheet.index(of: parts[0]),
                          let o = flowsheet.processes[p].outputs.firstIndex(where: { $0.name == parts[1] }),
                          flowsheet.processes[p].outputs[o].bleed != nil else {
                        errors.append(value.error("expected process.output of an output with bleed_to, found \"\(key)\""))
                        continue
                    }
                    guard fraction >= 0, fraction <= 1 else {
                        errors.append(value.error("expected a fraction from 0 to 1, found \(formatPlain(fraction))"))
                        continue
                    }
                    flowsheet.processes[p].outputs[o].bleed!.fraction = fraction
                }
            }
            if let notes = plant.optional("assumptions") {
                for item in try notes.items() { flowsheet.assumptions.append(try item.string()) }
            }
        } catch { errors.append(error) }
        if !errors.isEmpty { throw InputErrors(errors) }
    }

    /// Resolves `to:` names against process ids and checks that recycles and bleeds reach a process.
    static func validateLinks(_ flowsheet: Flowsheet, root: YAMLCursor) -> [LocatedError] {
        var errors: [LocatedError] = []
        let ids = Set(flowsheet.processes.map(\.id))
        let processItems = (try? root.optional("unit_operations")?.items()) ?? []
        for (p, process) in flowsheet.processes.enumerated() {
            let place = p < processItems.count ? (processItems[p].optional("outputs") ?? processItems[p]) : root
            for output in process.outputs {
                if case .process(let target) = output.destination, !ids.contains(target) {
                    errors.append(LocatedError(place.location.field("key \(place.path).\(output.name)"),
                                               "recycle_to \"\(target)\" leads nowhere; expected a process id (\(flowsheet.processes.map(\.id).joined(separator: ", ")))"))
                }
                if let bleed = output.bleed {
                    if !ids.contains(bleed.to) {
                        errors.append(LocatedError(place.location.field("key \(place.path).\(output.name)"),
                                                   "bleed_to \"\(bleed.to)\" leads nowhere; expected a process id"))
                    }
                    if bleed.fraction < 0 {
                        errors.append(LocatedError(place.location.field("key \(place.path).\(output.name)"),
                                                   "bleed_to without a bleed fraction; expected bleed_fraction on the output or plant.bleed_fraction.\(process.id).\(output.name)"))
                    }
                }
            }
        }
        return errors
    }

    static func isKnownLayer(_ name: String, table: PeriodicTable) -> Bool {
        if let element = try? table.element(name), element.symbol == name { return true }
        if ChemicalFormula(name, table: table) != nil { return true }
        if let prefix = name.split(separator: "_").first, let element = try? table.element(String(prefix)), element.symbol == prefix { return true }
        return false
    }
}

extension Flowsheet {
    /// Turns `to:` targets that name processes into process links (the parser reads them as sinks first).
    func resolvingProcessLinks() -> Flowsheet {
        var copy = self
        let ids = Set(processes.map(\.id))
        for p in copy.processes.indices {
            for o in copy.processes[p].outputs.indices {
                if case .sink(let name) = copy.processes[p].outputs[o].destination, ids.contains(name) {
                    copy.processes[p].outputs[o].destination = .process(name)
                }
            }
        }
        return copy
    }
}
