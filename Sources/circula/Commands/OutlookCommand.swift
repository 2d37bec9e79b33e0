import ArgumentParser

struct OutlookCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "outlook", abstract: "placeholder")
    func run() throws {}
}
