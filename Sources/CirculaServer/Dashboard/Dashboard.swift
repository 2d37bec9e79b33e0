import Foundation
import Hummingbird
import Mustache

/// The server-rendered pages: dashboard (staff), customer portal, public certificate check, sign-in.
/// Templates are Mustache files in Resources/templates; charts are the libraries' SVGs; no script, no CDN.
enum Dashboard {
    static func register(_ router: Router<CirculaContext>, _ services: ServerServices) {
        let views = Views.shared
        router.get("/static/style.css") { _, _ -> Response in
            var response = text(views.stylesheet, contentType: "text/css; charset=utf-8")
            response.headers[.cacheControl] = "max-age=3600"
            return response
        }
        AuthPages.register(router, services, views)
        ElementPages.register(router, views)
        PlantPages.register(router, views)
        LedgerPages.register(router, services, views)
        PortalPages.register(router, services, views)
    }
}

/// The Mustache library and the page layout.
final class Views: Sendable {
    static let shared = Views()
    let library: MustacheLibrary
    let stylesheet: String

    init() {
        // Located like openapi.json (Bundle.module.resourceURL does not point into the resource bundle on Linux).
        let folder = Bundle.module.url(forResource: "templates", withExtension: nil, subdirectory: "Resources") ?? URL(fileURLWithPath: "templates")
        var templates: [String: MustacheTemplate] = [:]
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [] where name.hasSuffix(".mustache") {
            if let text = try? String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8),
               let template = try? MustacheTemplate(string: text) {
                templates[String(name.dropLast(".mustache".count))] = template
            }
        }
        library = MustacheLibrary(templates: templates)
        stylesheet = Bundle.module.url(forResource: "style", withExtension: "css", subdirectory: "Resources")
            .flatMap { try? String(contentsOf: $0, encoding: .utf8) } ?? ""
    }

    struct NavItem { var href: String; var label: String; var current: Bool }
    struct UserBox { var name: String; var role: String; var csrf: String }
    struct Layout {
        var title: String
        var lead: String
        var body: String
        var nav: [NavItem]
        var user: UserBox?
        var print: Bool
    }

    static func nav(_ identity: Identity?, current: String) -> [NavItem] {
        var items: [(String, String)] = [("/", "Home"), ("/elements", "Elements")]
        if identity?.role.readsEverything == true {
            items += [("/balance", "Balance"), ("/ratio", "Recycling ratio"), ("/ledger", "Ledger"), ("/certificates", "Certificates"),
                      ("/plan", "Plan"), ("/outlook", "Outlook"), ("/statement", "Statements")]
        } else if identity?.role == .customer {
            items += [("/statement", "My statement"), ("/certificates", "My certificates")]
        }
        items.append(("/verify", "Verify a certificate"))
        return items.map { NavItem(href: $0.0, label: $0.1, current: $0.0 == current) }
    }

    /// A whole page: `template` rendered with `object` inside the layout with title, a sentence of what is shown,
    /// and the navigation for the caller's role.
    func page(_ template: String, _ object: Any, title: String, lead: String, context: CirculaContext, path: String,
              status: HTTPResponse.Status = .ok, print: Bool = false) -> Response {
        let body = library.render(object, withTemplate: template) ?? "<p>template \(template) missing</p>"
        let user = context.identity.map { UserBox(name: $0.user, role: $0.role.rawValue, csrf: context.session?.csrf ?? "") }
        let layout = Layout(title: title, lead: lead, body: body, nav: Views.nav(context.identity, current: path), user: user, print: print)
        let html = library.render(layout, withTemplate: "layout") ?? body
        var response = text(html, contentType: "text/html; charset=utf-8", status: status)
        response.headers[.cacheControl] = "no-store"
        return response
    }

    /// 401 (nobody signed in) or 403 (role may not) as a page that shows nothing but the refusal.
    func refusal(_ problem: Problem, context: CirculaContext, path: String) -> Response {
        struct Refusal { var message: String; var signIn: Bool; var next: String }
        return page("refusal", Refusal(message: problem.detail, signIn: problem.status == .unauthorized, next: path),
                    title: problem.status == .unauthorized ? "Sign in required" : "Not allowed",
                    lead: problem.status == .unauthorized ? "This page needs an account." : "Your account may not see this page.",
                    context: context, path: path, status: problem.status)
    }

    /// Runs a page handler; 401/403 problems become refusal pages, other problems an error page.
    func guarded(_ context: CirculaContext, _ path: String, _ access: Access, _ body: () async throws -> Response) async throws -> Response {
        do {
            try context.require(access)
            return try await body()
        } catch let problem as Problem {
            if problem.status == .unauthorized || problem.status == .forbidden { return refusal(problem, context: context, path: path) }
            struct Failure { var message: String }
            return page("error", Failure(message: problem.detail), title: problem.title, lead: "The page could not be shown.",
                        context: context, path: path, status: problem.status)
        }
    }
}

/// Number formatting for pages: fixed decimals, thousands separated by a thin space.
enum Figures {
    static func fixed(_ value: Double, _ decimals: Int) -> String {
        let text = String(format: "%.\(decimals)f", value)
        let parts = text.split(separator: ".", maxSplits: 1)
        var integer = String(parts[0])
        let negative = integer.hasPrefix("-")
        if negative { integer.removeFirst() }
        var grouped = ""
        for (i, ch) in integer.reversed().enumerated() {
            if i > 0 && i % 3 == 0 { grouped.append(",") }
            grouped.append(ch)
        }
        let head = (negative ? "-" : "") + String(grouped.reversed())
        return parts.count > 1 ? head + "." + parts[1] : head
    }

    static func percent(_ share: Double?, _ decimals: Int = 1) -> String {
        share.map { fixed($0 * 100, decimals) + " %" } ?? "–"
    }
}

/// `application/x-www-form-urlencoded` fields of a bounded body.
enum FormBody {
    static func fields(_ request: Request, limit: Int = 256 * 1024) async throws -> [String: String] {
        let buffer = try await RequestBody.bytes(request, limit: limit)
        let text = String(decoding: buffer.readableBytesView, as: UTF8.self)
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "" }
            guard let key = parts.first, !key.isEmpty else { continue }
            fields[key] = parts.count > 1 ? parts[1] : ""
        }
        return fields
    }
}

/// `multipart/form-data` (a file input without script): the named fields' contents as text.
enum MultipartBody {
    static func fields(_ request: Request, limit: Int = 256 * 1024) async throws -> [String: String]? {
        guard let type = request.headers[.contentType], type.lowercased().hasPrefix("multipart/form-data"),
              let range = type.range(of: "boundary=") else { return nil }
        let boundary = "--" + type[range.upperBound...].trimmingCharacters(in: CharacterSet(charactersIn: "\" ")).prefix { $0 != ";" }
        let buffer = try await RequestBody.bytes(request, limit: limit)
        let text = String(decoding: buffer.readableBytesView, as: UTF8.self)
        var fields: [String: String] = [:]
        for part in text.components(separatedBy: boundary).dropFirst() {
            guard let split = part.range(of: "\r\n\r\n") else { continue }
            let head = part[..<split.lowerBound]
            guard let nameRange = head.range(of: "name=\"") else { continue }
            let name = String(head[nameRange.upperBound...].prefix { $0 != "\"" })
            var body = String(part[split.upperBound...])
            // "\r\n" is one Character in Swift: drop its two bytes, not two characters.
            if body.hasSuffix("\r\n") { body = String(decoding: body.utf8.dropLast(2), as: UTF8.self) }
            fields[name] = body
        }
        return fields
    }
}
