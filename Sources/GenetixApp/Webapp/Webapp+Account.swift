import GenetixCore
import GenetixCrypto
import GenetixNet
import GenetixPostgres

extension Webapp {
    /// `POST /api/signup {"email", "password"}` → 201 `{"id", "email"}`; a taken email → 409.
    func signup(_ request: HTTPRequest) async -> HTTPResponse {
        let email: String, password: String
        do throws(ActionError) {
            let body = try Self.body(request, allowed: ["email", "password"])
            email = try Self.email(try body.require("email", body.string))
            password = try Self.password(try body.require("password", body.string))
        } catch { return Self.badRequest(error) }
        guard let hashed = await offload({ try? PasswordHasher.hash(password: password) }), let hash = hashed else {
            return .error(503, code: "shutting_down", "the worker is stopping; retry")
        }
        do throws(PostgresError) {
            let id = try await store.createCustomer(email: email, passwordHash: hash)
            logger.info("customer signed up", fields: ["customer": String(id)])
            return .json(["id": .number(Double(id)), "email": JSONValue.string(email)] as [String: JSONValue], status: 201)
        } catch {
            if error.isUniqueViolation {
                return .error(409, code: "email_taken", "an account with this email exists; log in instead", field: "email")
            }
            return failure(error, doing: "signing up")
        }
    }

    /// `POST /api/login {"email", "password"}` → `{"token"}` and the session cookie; wrong credentials → 401;
    /// too many attempts for the email or the client address → 429 with Retry-After.
    func login(_ request: HTTPRequest) async -> HTTPResponse {
        let email: String, password: String
        do throws(ActionError) {
            let body = try Self.body(request, allowed: ["email", "password"])
            email = try Self.email(try body.require("email", body.string))
            password = try body.require("password", body.string)
        } catch { return Self.badRequest(error) }
        let address = Self.clientAddress(request)
        if let wait = limiter.attempt(keys: ["email:" + email, "addr:" + address]) {
            var response = HTTPResponse.error(429, code: "too_many_attempts", "too many login attempts; wait \(wait) s and try again")
            response.headers.add("Retry-After", String(wait))
            return response
        }
        let account: (id: Int64, passwordHash: String)?
        do throws(PostgresError) { account = try await store.credentials(email: email) } catch { return failure(error, doing: "logging in") }
        let hash = account?.passwordHash ?? decoyHash
        let matches = await offload { PasswordHasher.verify(password: password, hash: hash) } ?? false
        guard let account, matches else {
            return .error(401, code: "invalid_credentials", "the email or the password is wrong")
        }
        let token = SecureRandom.token(bytes: 32)
        do throws(PostgresError) {
            try await store.createSession(tokenHash: SHA256.hash(token), customerId: account.id, ttlSeconds: sessionSeconds)
        } catch { return failure(error, doing: "creating a session") }
        var response = HTTPResponse.json(["token": token, "expiresInSeconds": String(sessionSeconds)])
        response.headers.add("Set-Cookie", cookie(token, maxAge: sessionSeconds, request: request))
        return response
    }

    /// `POST /api/logout` → 204; the session is deleted and the cookie cleared.
    func logout(_ request: HTTPRequest) async -> HTTPResponse {
        guard let token = Self.token(request) else { return Self.unauthorized }
        do throws(PostgresError) { try await store.deleteSession(tokenHash: SHA256.hash(token)) } catch { return failure(error, doing: "logging out") }
        var response = HTTPResponse(status: 204)
        response.headers.add("Set-Cookie", cookie("", maxAge: 0, request: request))
        return response
    }

    /// `GET /api/session` → 200 `{"signedIn": false}`, or `{"signedIn": true, "email"}` for a live session: the page
    /// asks this on load, so a logged-out visitor's first load is no 401 in the browser's console.
    func session(_ request: HTTPRequest) async -> HTTPResponse {
        guard Self.token(request) != nil else { return .json(["signedIn": JSONValue.bool(false)]) }
        let customerId: Int64
        switch await authenticate(request) {
        case .success(let id): customerId = id
        case .failure(let r): return r.response.status == 401 ? .json(["signedIn": JSONValue.bool(false)]) : r.response
        }
        do throws(PostgresError) {
            guard let customer = try await store.customer(id: customerId) else { return .json(["signedIn": JSONValue.bool(false)]) }
            return .json(["signedIn": JSONValue.bool(true), "email": JSONValue.string(customer.email)])
        } catch { return failure(error, doing: "reading a session") }
    }

    /// `DELETE /api/me` → 204: the customer, its sessions and its kits are erased (GDPR art. 17).
    func erase(_ request: HTTPRequest) async -> HTTPResponse {
        let customer: Int64
        switch await authenticate(request) { case .success(let id): customer = id; case .failure(let r): return r.response }
        do throws(PostgresError) {
            _ = try await store.erase(customerId: customer)
        } catch { return failure(error, doing: "erasing a customer") }
        logger.info("customer erased", fields: ["customer": String(customer)])
        var response = HTTPResponse(status: 204)
        response.headers.add("Set-Cookie", cookie("", maxAge: 0, request: request))
        return response
    }

    /// `GET /api/me/export` → every datum held about the customer (GDPR art. 15/20).
    func export(_ request: HTTPRequest) async -> HTTPResponse {
        let customerId: Int64
        switch await authenticate(request) { case .success(let id): customerId = id; case .failure(let r): return r.response }
        do throws(PostgresError) {
            guard let customer = try await store.customer(id: customerId) else { return Self.unauthorized }
            let sessions = try await store.sessions(customerId: customerId)
            let kits = try await store.kits(customerId: customerId)
            let export = CustomerExport(
                customer: .init(id: customer.id, email: customer.email, createdAt: customer.createdAt),
                sessions: sessions.map { .init(createdAt: $0.createdAt, expiresAt: $0.expiresAt) },
                kits: kits.map { kit in
                    .init(id: kit.id, code: code(of: kit), registeredAt: kit.registeredAt,
                          report: KitReport(kitId: kit.id, codeIndex: kit.codeIndex))
                })
            return .json(export)
        } catch { return failure(error, doing: "exporting a customer") }
    }

    /// The customer of the request's session (Bearer token or cookie), or the 401/503 to answer.
    func authenticate(_ request: HTTPRequest) async -> Result<Int64, ResponseError> {
        guard let token = Self.token(request) else { return .failure(ResponseError(Self.unauthorized)) }
        do throws(PostgresError) {
            guard let customer = try await store.customerForSession(tokenHash: SHA256.hash(token)) else {
                return .failure(ResponseError(Self.unauthorized))
            }
            return .success(customer)
        } catch { return .failure(ResponseError(failure(error, doing: "checking a session"))) }
    }

    /// The client address the login limiter counts against: the last X-Forwarded-For entry (the one our balancer
    /// appended: the address it saw), else the peer. The first entry is whatever the client wrote, so keying on it
    /// let one client rotate fake addresses past the per-address limit.
    static func clientAddress(_ request: HTTPRequest) -> String {
        let forwarded = request.headers.values("X-Forwarded-For").flatMap { $0.split(separator: ",") }
        if let last = forwarded.last.map({ String($0.trimmingSpaces()) }), !last.isEmpty { return last }
        return request.remote?.host ?? "unknown"
    }

    static let unauthorized = HTTPResponse.error(401, code: "unauthorized", "log in first: send Authorization: Bearer TOKEN from POST /api/login")

    /// The session token from `Authorization: Bearer …` or the session cookie.
    static func token(_ request: HTTPRequest) -> String? {
        if let auth = request.headers["Authorization"], auth.count > 7, auth.prefix(7).equalsIgnoringASCIICase("bearer ") {
            let token = String(auth.dropFirst(7).trimmingSpaces())
            return token.isEmpty ? nil : token
        }
        for header in request.headers.values("Cookie") {
            for part in header.split(separator: ";") {
                let pair = part.trimmingSpaces()
                if pair.hasPrefix(sessionCookie + "=") {
                    let value = String(pair.dropFirst(sessionCookie.count + 1))
                    return value.isEmpty ? nil : value
                }
            }
        }
        return nil
    }

    private func cookie(_ value: String, maxAge: Int, request: HTTPRequest) -> String {
        let secure = request.isTLS || request.headers["X-Forwarded-Proto"] == "https"
        return "\(Self.sessionCookie)=\(value); Path=/; Max-Age=\(maxAge); HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "")
    }

    /// A lower-cased email address of plausible shape (something@domain.tld, at most 254 characters), printable ASCII
    /// only: internationalised domains arrive as punycode, and no bidirectional mark, ligature or NUL can make two
    /// addresses look alike or differ by a case mapping.
    static func email(_ text: String) throws(ActionError) -> String {
        guard text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else {
            throw .badRequest("'email' must be printable ASCII (an internationalised domain as punycode, xn--…)", field: "email")
        }
        let email = String(text.trimmingSpaces()).lowercased()
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard email.utf8.count <= 254, parts.count == 2, !parts[0].isEmpty, parts[1].contains("."),
              !parts[1].hasPrefix("."), !parts[1].hasSuffix("."), !email.contains(where: { $0.isWhitespace }) else {
            throw .badRequest("'email' must be an email address such as ada@example.com", field: "email")
        }
        return email
    }

    /// A password of 10 to 1024 bytes.
    static func password(_ text: String) throws(ActionError) -> String {
        guard text.utf8.count >= 10 else { throw .badRequest("'password' must be at least 10 characters long", field: "password") }
        guard text.utf8.count <= 1024, !text.utf8.contains(0) else {
            throw .badRequest("'password' must be at most 1024 bytes, without NUL characters", field: "password")
        }
        // Letters of any script are welcome; invisible controls and format characters (bidirectional marks, zero-width
        // joiners, BOM) are not: a customer could not type the same password twice.
        guard !text.unicodeScalars.contains(where: { [.control, .format].contains($0.properties.generalCategory) }) else {
            throw .badRequest("'password' must not contain control or invisible format characters (such as U+200F or U+202E)", field: "password")
        }
        return text
    }
}

/// An HTTP answer carried as an error through a `Result`.
struct ResponseError: Error {
    let response: HTTPResponse
    init(_ response: HTTPResponse) { self.response = response }
}

/// The GDPR export document.
struct CustomerExport: Codable, Sendable {
    struct Customer: Codable, Sendable { var id: Int64; var email: String; var createdAt: String }
    struct Session: Codable, Sendable { var createdAt: String; var expiresAt: String }
    struct Kit: Codable, Sendable { var id: Int64; var code: String; var registeredAt: String; var report: KitReport }
    var customer: Customer
    var sessions: [Session]
    var kits: [Kit]
}
