import Foundation
import Hummingbird

/// `/signin` (a token → an HTTP-only, Secure, SameSite=Strict session cookie) and `/signout`.
/// Both forms carry a CSRF token: before sign-in a double-submit cookie, afterwards the session's own.
enum AuthPages {
    static let sessionHours: Int64 = 8

    struct SignIn { var csrf: String; var next: String; var failed: Bool }

    static func cookie(_ name: String, _ value: String, maxAge: Int) -> Cookie {
        Cookie(name: name, value: value, maxAge: maxAge, path: "/", secure: true, httpOnly: true, sameSite: .strict)
    }

    /// Only local paths, so the form cannot send a browser elsewhere.
    static func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), next.count < 200, !next.contains("\\") else { return "/" }
        return next
    }

    static func register(_ router: Router<CirculaContext>, _ services: ServerServices, _ views: Views) {
        router.get("/signin") { request, context -> Response in
            let csrf = TokenSecret.random(bytes: 24)
            var response = views.page("signin", SignIn(csrf: csrf, next: safeNext(request.uri.queryParameters.get("next").map { String($0) }), failed: false),
                                      title: "Sign in", lead: "Paste the access token your administrator issued you (circula tokens issue).",
                                      context: context, path: "/signin")
            response.setCookie(cookie(SessionCookie.csrfName, csrf, maxAge: 3600))
            return response
        }
        router.post("/signin") { request, context -> Response in
            let fields = try await FormBody.fields(request, limit: 8 * 1024)
            guard let sent = fields["csrf"], let expected = request.cookies[SessionCookie.csrfName]?.value,
                  TokenSecret.constantTimeEqual(sent, expected) else {
                return views.refusal(Problem.forbidden("the form's CSRF token is missing or does not match; reload the sign-in page"), context: context, path: "/signin")
            }
            let next = safeNext(fields["next"])
            let identity: Identity
            do { identity = try await services.credentials.identity(token: (fields["token"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)) } catch {
                let csrf = TokenSecret.random(bytes: 24)
                var response = views.page("signin", SignIn(csrf: csrf, next: next, failed: true), title: "Sign in",
                                          lead: "Paste the access token your administrator issued you (circula tokens issue).",
                                          context: context, path: "/signin", status: .unauthorized)
                response.setCookie(cookie(SessionCookie.csrfName, csrf, maxAge: 3600))
                return response
            }
            let sessionID = TokenSecret.random()
            try await services.store.addSession(SessionRecord(idHash: TokenSecret.sha256Hex(sessionID), user: identity.user,
                                                              csrf: TokenSecret.random(bytes: 24), expiresAt: unixNow() + sessionHours * 3600))
            context.logger.info("signed in", metadata: ["user": "\(identity.user)", "role": "\(identity.role)"])
            var response = Response(status: .seeOther, headers: [.location: identity.role == .customer && next == "/" ? "/statement" : next])
            response.setCookie(cookie(SessionCookie.name, sessionID, maxAge: Int(sessionHours * 3600)))
            response.setCookie(cookie(SessionCookie.csrfName, "-", maxAge: 0))
            return response
        }
        router.post("/signout") { request, context -> Response in
            let fields = try await FormBody.fields(request, limit: 4 * 1024)
            guard let session = context.session else { return Response(status: .seeOther, headers: [.location: "/"]) }
            guard let sent = fields["csrf"], TokenSecret.constantTimeEqual(sent, session.csrf) else {
                return views.refusal(Problem.forbidden("the form's CSRF token is missing or wrong"), context: context, path: "/signout")
            }
            try await services.store.deleteSession(idHash: session.idHash)
            var response = Response(status: .seeOther, headers: [.location: "/"])
            response.setCookie(cookie(SessionCookie.name, "-", maxAge: 0))
            return response
        }
    }
}
