import Foundation
import GenetixCore
import GenetixCrypto
import GenetixNet

/// The accounts, tokens and kits a load run has created, so later requests can log in, register and read reports.
///
/// Keeps the newest `maxAccounts` accounts (older ones are forgotten, not deleted), so a long run's memory and the
/// cost of picking an account stay bounded.
actor LoadSession {
    struct Account: Sendable {
        var email: String
        var password: String
        var token: String?
        var kits: [String] = []
    }
    /// The most accounts remembered.
    static let maxAccounts = 1000
    private(set) var accounts: [Account] = []
    private var pending: [String: Account] = [:]

    func newAccount() -> Account {
        let account = Account(email: "load-\(SecureRandom.token(bytes: 6).lowercased())@example.test", password: "Load-\(SecureRandom.token(bytes: 9))")
        pending[account.email] = account
        return account
    }

    /// Remembers a signed-up account (and forgets a pending one that failed).
    func confirm(email: String) {
        guard let a = pending.removeValue(forKey: email) else { return }
        accounts.append(a)
        if accounts.count > Self.maxAccounts { accounts.removeFirst(accounts.count - Self.maxAccounts) }
    }

    /// Signups sent and not answered yet.
    var pendingSignups: Int { pending.count }

    /// Forgets a signup that was not confirmed.
    func abandon(email: String) { pending[email] = nil }

    func randomAccount() -> Account? { accounts.randomElement() }

    func setToken(_ token: String, for email: String) {
        if let i = accounts.lastIndex(where: { $0.email == email }) { accounts[i].token = token }
    }

    func addKit(_ id: String, for email: String) {
        if let i = accounts.lastIndex(where: { $0.email == email }), !accounts[i].kits.contains(id) {
            accounts[i].kits.append(id)
            if accounts[i].kits.count > 20 { accounts[i].kits.removeFirst() }
        }
    }

    func withToken() -> Account? { random { $0.token != nil } }
    func withKit() -> Account? { random { $0.token != nil && !$0.kits.isEmpty } }

    /// A random account that passes `include`, choosing among indices so no account is copied but the one returned.
    private func random(_ include: (Account) -> Bool) -> Account? {
        accounts.indices.filter { include(accounts[$0]) }.randomElement().map { accounts[$0] }
    }
}

/// One request the load sends, with what it needs to learn from the answer.
struct LoadRequest: Sendable {
    var kind: LoadRequestKind
    var label: String
    var method: String
    var path: String
    var body: [UInt8]?
    var token: String?
    var email: String?
    /// What the request creates, for the record: the email of a signup, the code of a kit registration.
    var identity: String?
}

/// Which requests a load run sends (`genetix load --mix`).
public enum LoadMix: String, Sendable, CaseIterable {
    /// Mostly pages and static files, some account and kit traffic.
    case mixed
    /// Only reads without side effects: pages and static files.
    case get
    /// Only writes: signups and kit registrations (with the logins they need).
    case post
    /// Only signups: one new account per request.
    case signup

    /// The fixed cycle of kinds a run repeats, so short runs still see every kind of the mix.
    var cycle: [LoadRequestKind] {
        switch self {
        case .mixed: [.page, .staticFile, .staticFile, .signup, .page, .login, .staticFile, .registerKit, .listKits, .page,
                      .staticFile, .report, .page, .login, .staticFile, .registerKit, .listKits, .page, .staticFile, .report]
        case .get: [.page, .staticFile]
        case .post: [.signup, .registerKit, .registerKit]
        case .signup: [.signup]
        }
    }
}

/// The kinds of request of the load.
enum LoadRequestKind: String, Sendable, CaseIterable {
    case page, staticFile = "static", signup, login, registerKit = "kit", listKits = "kits", report

    /// The kind for a tick of a run with `mix`.
    static func pick(tick: Int, mix: LoadMix = .mixed) -> LoadRequestKind {
        let cycle = mix.cycle
        return cycle[tick % cycle.count]
    }

    func request(session: LoadSession) async -> LoadRequest {
        switch self {
        case .page: return LoadRequest(kind: self, label: rawValue, method: "GET", path: "/")
        case .staticFile:
            return LoadRequest(kind: self, label: rawValue, method: "GET", path: Bool.random() ? "/static/app.css" : "/static/app.js")
        case .signup:
            return await Self.signup(session)
        case .login:
            guard let a = await session.randomAccount() else { return await Self.signupInstead(session) }
            return LoadRequest(kind: self, label: rawValue, method: "POST", path: "/api/login",
                               body: GenetixJSON.encode(["email": a.email, "password": a.password]), email: a.email)
        case .registerKit:
            guard let a = await session.withToken() else { return await LoadRequestKind.login.request(session: session) }
            let code = RegistrationCode.random().normalized
            return LoadRequest(kind: self, label: rawValue, method: "POST", path: "/api/kits",
                               body: GenetixJSON.encode(["code": code]), token: a.token, email: a.email, identity: code)
        case .listKits:
            guard let a = await session.withToken() else { return await LoadRequestKind.login.request(session: session) }
            return LoadRequest(kind: self, label: rawValue, method: "GET", path: "/api/kits", token: a.token, email: a.email)
        case .report:
            guard let a = await session.withKit(), let kit = a.kits.randomElement() else { return await LoadRequestKind.listKits.request(session: session) }
            return LoadRequest(kind: self, label: rawValue, method: "GET", path: "/api/kits/\(kit)/report", token: a.token, email: a.email)
        }
    }

    /// What a request that needs an account sends when there is none yet (the first second of a run): a signup, unless
    /// `maxFallbackSignups` signups are already waiting for their answer — then the home page. Otherwise a run would
    /// start with 14 of every 20 requests turned into signups, a burst of password hashing that kept the first
    /// seconds' latencies (and so the first minute's p99) several times above the steady state.
    private static func signupInstead(_ session: LoadSession) async -> LoadRequest {
        guard await session.pendingSignups < maxFallbackSignups else {
            return LoadRequest(kind: .page, label: LoadRequestKind.page.rawValue, method: "GET", path: "/")
        }
        return await signup(session)
    }

    /// Signups in flight beyond which a request needing an account sends the home page instead.
    static let maxFallbackSignups = 8

    private static func signup(_ session: LoadSession) async -> LoadRequest {
        let a = await session.newAccount()
        return LoadRequest(kind: .signup, label: LoadRequestKind.signup.rawValue, method: "POST", path: "/api/signup",
                           body: GenetixJSON.encode(["email": a.email, "password": a.password]), email: a.email, identity: a.email)
    }

    /// Remembers what a successful answer created: the account, its token, its kits.
    func learn(from response: HTTPClientResponse, request: LoadRequest, session: LoadSession) async {
        guard let email = request.email else { return }
        guard (200..<300).contains(response.status) else {
            if self == .signup { await session.abandon(email: email) }
            return
        }
        let json = try? GenetixJSON.decode(JSONValue.self, from: response.body)
        switch self {
        case .signup:
            await session.confirm(email: email)
            if let token = json?["token"]?.stringValue { await session.setToken(token, for: email) }
        case .login:
            if let token = json?["token"]?.stringValue { await session.setToken(token, for: email) }
        case .registerKit:
            if let id = Self.identifier(json?["id"] ?? json?["kit"]?["id"]) { await session.addKit(id, for: email) }
        case .listKits:
            let list: [JSONValue] = if case .array(let a)? = json { a } else if case .array(let a)? = json?["kits"] { a } else { [] }
            for kit in list.suffix(5) { if let id = Self.identifier(kit["id"]) { await session.addKit(id, for: email) } }
        case .page, .staticFile, .report: break
        }
    }

    /// The id the server gave what this request created (the kit id of a registration), if any.
    func createdIdentifier(from response: HTTPClientResponse) -> String? {
        guard self == .registerKit || self == .signup, (200..<300).contains(response.status),
              let json = try? GenetixJSON.decode(JSONValue.self, from: response.body) else { return nil }
        return Self.identifier(json["id"] ?? json["kit"]?["id"] ?? json["customer"]?["id"])
    }

    private static func identifier(_ value: JSONValue?) -> String? {
        switch value {
        case .string(let s)?: s
        case .number?: value?.intValue.map(String.init)
        default: nil
        }
    }
}
