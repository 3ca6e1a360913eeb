import Foundation
import GenetixApp
import GenetixCore
import GenetixCrypto
import GenetixNet
import GenetixTesting
import Testing

extension SecurityTests {
    /// The webapp against hostile customers, on real PostgreSQL: SQL-injection probes in every field change nothing,
    /// session tokens are long and random and only their hashes are stored, logins are rate-limited per email and per
    /// client address (not spoofable with X-Forwarded-For), the GDPR export holds everything and erase leaves nothing,
    /// and a `pg_dump` holds no password, registration code or session token in clear.
    @Suite(.serialized) struct WebappDataProtectionTests {
        static let probes = ["' OR 1=1 --", "'); DROP TABLE customers; --", "\" OR \"\"=\"", "1; SELECT pg_sleep(5)",
                             "admin'--", "' UNION SELECT password_hash FROM customers --", "%' OR email LIKE '%", "\\'; DELETE FROM kits; --"]

        @Test func sqlInjectionProbesInEveryFieldChangeNothing() async throws {
            try await WebappHarness.with { app in
                let victim = try await app.customer("victim@example.com")
                let code = RegistrationCode.random()
                #expect(try await app.call("POST", "/api/kits", #"{"code": "\#(code.display)"}"#, token: victim).status == 201)
                let before = try await app.tableCounts()
                func json(_ s: String) -> String { String(decoding: try! JSONEncoder().encode(s), as: UTF8.self) }
                for probe in Self.probes {
                    // Email and password fields of signup and login; the kit code; the report id; the session token and cookie.
                    let signup = try await app.call("POST", "/api/signup", #"{"email": \#(json(probe)), "password": "long enough password"}"#)
                    #expect(signup.status == 400 && errorDetail(signup.json).field == "email", "signup email \(probe): \(signup.status)")
                    let login = try await app.call("POST", "/api/login", #"{"email": \#(json(probe)), "password": \#(json(probe))}"#)
                    #expect(login.status == 400 && errorDetail(login.json).field == "email", "login email \(probe): \(login.status)")
                    let password = try await app.call("POST", "/api/login", #"{"email": "victim@example.com", "password": \#(json(probe))}"#,
                                                      headers: ["X-Forwarded-For": "10.9.\(probe.count).1"])
                    #expect([401, 429].contains(password.status), "login password \(probe): \(password.status)")
                    let kit = try await app.call("POST", "/api/kits", #"{"code": \#(json(probe))}"#, token: victim)
                    #expect(kit.status == 400 && errorDetail(kit.json).field == "code", "kit code \(probe): \(kit.status)")
                    let escaped = probe.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "x"
                    let report = try await app.call("GET", "/api/kits/\(escaped)/report", token: victim)
                    #expect(report.status == 400, "report id \(probe): \(report.status)")
                    #expect(try await app.call("GET", "/api/kits", token: probe).status == 401, "token \(probe)")
                    #expect(try await app.call("GET", "/api/me/export", headers: ["Cookie": "genetix_session=\(escaped)"]).status == 401)
                    #expect(try await app.call("DELETE", "/api/me", token: probe).status == 401)
                }
                // A probe that is a well-formed email and password is stored literally, and works as itself.
                let odd = "o'brien--@example.com"
                #expect(try await app.call("POST", "/api/signup", #"{"email": "\#(odd)", "password": "' OR 1=1 -- padding"}"#).status == 201)
                #expect(try await app.call("POST", "/api/login", #"{"email": "\#(odd)", "password": "' OR 1=1 -- padding"}"#).status == 200)
                #expect(try await app.pg.psql("SELECT count(*) FROM customers WHERE email = 'o''brien--@example.com'") == "1")
                #expect(try await app.pg.psql("SELECT string_agg(tablename, ',' ORDER BY tablename) FROM pg_tables WHERE schemaname = 'public'")
                        == "customers,kits,schema_migrations,sessions")
                let counts = try await app.tableCounts().split(separator: "/").map { Int($0) ?? -1 }
                let was = before.split(separator: "/").map { Int($0) ?? -1 }
                #expect(counts == [was[0] + 1, was[1] + 1, was[2]], "rows changed: \(before) → \(counts)")
                #expect(try await app.call("GET", "/api/kits", token: victim).json["kits"] as? [Any] != nil)
            }
        }

        @Test func sessionTokensAreRandomLongAndStoredOnlyHashed() async throws {
            try await WebappHarness.with { app in
                var all = [try await app.customer("a@example.com")]
                for _ in 0..<3 {
                    let login = try await app.call("POST", "/api/login", #"{"email": "a@example.com", "password": "correct horse battery staple"}"#)
                    all.append(try #require(login.json["token"] as? String))
                }
                #expect(Set(all).count == all.count)
                for token in all {
                    // Base64url without padding: 6 bits a character; 32 random bytes make 43 characters.
                    #expect(token.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
                    #expect(token.count * 6 >= 256, "a session token carries \(token.count * 6) bits")
                }
                let stored = try await app.pg.psql("SELECT encode(token_hash, 'hex') FROM sessions ORDER BY 1").split(separator: "\n").map(String.init)
                #expect(stored == all.map { Hex.encode(SHA256.hash(Array($0.utf8))) }.sorted())
                let dump = try await app.pg.dump()
                for token in all { #expect(!dump.contains(token), "the session token is in the database in clear") }
                #expect(try await app.pg.psql("SELECT string_agg(column_name, ',' ORDER BY column_name) FROM information_schema.columns WHERE table_name = 'sessions'")
                        == "created_at,customer_id,expires_at,token_hash")
            }
        }

        @Test func loginIsRateLimitedPerEmailAndPerAddressEvenWithForgedForwardedFor() async throws {
            try await WebappHarness.with { app in
                _ = try await app.customer("b@example.com")
                // The burst is 10 attempts; signing up used one login.
                var statuses: [Int] = []
                for _ in 0..<10 {
                    statuses.append(try await app.call("POST", "/api/login", #"{"email": "b@example.com", "password": "wrong password!"}"#,
                                                       headers: ["X-Forwarded-For": "10.1.1.1"]).status)
                }
                #expect(statuses.prefix(9).allSatisfy { $0 == 401 } && statuses.last == 429, "per email: \(statuses)")
                let limited = try await app.call("POST", "/api/login", #"{"email": "b@example.com", "password": "correct horse battery staple"}"#,
                                                 headers: ["X-Forwarded-For": "10.1.1.2"])
                #expect(limited.status == 429 && Int(limited.response.headers["Retry-After"] ?? "") ?? 0 >= 1)
                // One client cycling emails and a forged first X-Forwarded-For entry still hits its address's limit: the
                // address counted is the last entry, the one the balancer appended.
                statuses = []
                for i in 0..<11 {
                    statuses.append(try await app.call("POST", "/api/login", #"{"email": "nobody\#(i)@example.com", "password": "wrong password!"}"#,
                                                       headers: ["X-Forwarded-For": "203.0.113.\(i), 198.51.100.7"]).status)
                }
                #expect(statuses.prefix(10).allSatisfy { $0 == 401 } && statuses.last == 429, "per address: \(statuses)")
            }
        }

        @Test func gdprExportHoldsEverythingAndEraseLeavesNothing() async throws {
            try await WebappHarness.with { app in
                let token = try await app.customer("gdpr@example.com", password: "gdpr password 123")
                let second = try await app.call("POST", "/api/login", #"{"email": "gdpr@example.com", "password": "gdpr password 123"}"#)
                #expect(second.status == 200)
                let codes = [RegistrationCode.random(), RegistrationCode.random()]
                for code in codes { #expect(try await app.call("POST", "/api/kits", #"{"code": "\#(code.display)"}"#, token: token).status == 201) }
                let bystander = try await app.customer("bystander@example.com")
                #expect(try await app.call("POST", "/api/kits", #"{"code": "\#(RegistrationCode.random().display)"}"#, token: bystander).status == 201)

                let id = try await app.pg.psql("SELECT id FROM customers WHERE email = 'gdpr@example.com'")
                let export = try await app.call("GET", "/api/me/export", token: token)
                #expect(export.status == 200)
                let customer = try #require(export.json["customer"] as? [String: Any])
                #expect(customer["email"] as? String == "gdpr@example.com")
                #expect("\(customer["id"] ?? "")" == id)
                let sessions = try #require(export.json["sessions"] as? [[String: Any]])
                let kits = try #require(export.json["kits"] as? [[String: Any]])
                // Everything the database holds about the customer is in the export.
                #expect(sessions.count == Int(try await app.pg.psql("SELECT count(*) FROM sessions WHERE customer_id = \(id)")))
                #expect(kits.count == Int(try await app.pg.psql("SELECT count(*) FROM kits WHERE customer_id = \(id)")))
                #expect(Set(kits.compactMap { $0["code"] as? String }) == Set(codes.map(\.display)))
                #expect(kits.allSatisfy { $0["report"] is [String: Any] && $0["registeredAt"] is String })

                #expect(try await app.call("DELETE", "/api/me", token: token).status == 204)
                for table in ["customers WHERE id", "sessions WHERE customer_id", "kits WHERE customer_id"] {
                    #expect(try await app.pg.psql("SELECT count(*) FROM \(table) = \(id)") == "0", "\(table) still holds the customer")
                }
                let dump = try await app.pg.dump()
                #expect(!dump.contains("gdpr@example.com"))
                #expect(try await app.call("GET", "/api/me/export", token: token).status == 401)
                // The bystander is untouched.
                #expect(try await app.call("GET", "/api/kits", token: bystander).status == 200)
                #expect(try await app.pg.psql("SELECT count(*) FROM kits") == "1")
            }
        }

        @Test func aDumpHoldsNoPasswordRegistrationCodeOrTokenInClear() async throws {
            try await WebappHarness.with { app in
                let password = "dump-check password 42"
                let token = try await app.customer("dump@example.com", password: password)
                let code = RegistrationCode.random()
                #expect(try await app.call("POST", "/api/kits", #"{"code": "\#(code.display)"}"#, token: token).status == 201)
                let dump = try await app.pg.dump()
                #expect(dump.contains("dump@example.com"), "the dump is not of the webapp's database")
                for secret in [password, code.display, code.normalized, token, Hex.encode(app.secrets.codeKey), Hex.encode(app.secrets.indexKey)] {
                    #expect(!dump.contains(secret), "the dump holds \(secret) in clear")
                }
                #expect(!dump.lowercased().contains(Hex.encode(Array(code.normalized.utf8)).lowercased()), "the code is in the dump as hex")
                // Password hashes are yescrypt.
                #expect(try await app.pg.psql("SELECT password_hash FROM customers").hasPrefix("$y$"))
            }
        }
    }
}
