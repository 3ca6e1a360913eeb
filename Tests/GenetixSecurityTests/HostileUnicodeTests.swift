import Foundation
import GenetixTesting
import Testing

extension SecurityTests {
    /// Unicode from customers, at a real `genetix app-worker` process over a real socket: every customer-supplied string
    /// (email, password, registration code, report id) with each entry of a fixed table of hostile text — letters that
    /// case-map to several (ß, ﬁ, İ), combining marks, bidirectional and zero-width marks, NUL, lone surrogates in JSON
    /// escapes, overlong and invalid UTF-8 bytes in the body — gets a 4xx with a JSON error (or, for letters of any
    /// script in a password, the account), and the worker never stops serving.
    @Suite(.serialized) struct HostileUnicodeTests {
        enum Kind: Sendable { case letters, invisible, malformed }

        struct Hostile: Sendable, CustomStringConvertible {
            let name: String
            /// The bytes placed inside a JSON string literal (raw, so they may be invalid UTF-8 or a `\u` escape).
            let bytes: [UInt8]
            let kind: Kind
            var description: String { name }
            init(_ name: String, _ text: String, _ kind: Kind) { self.init(name, Array(text.utf8), kind) }
            init(_ name: String, _ bytes: [UInt8], _ kind: Kind) {
                self.name = name
                self.bytes = bytes
                self.kind = kind
            }
        }

        static let table: [Hostile] = [
            Hostile("sharp s", "ß", .letters), Hostile("ligature fi", "ﬁ", .letters), Hostile("combining acute", "e\u{301}", .letters),
            Hostile("dotted capital I", "İ", .letters), Hostile("titlecase dz", "ǅ", .letters), Hostile("fullwidth digit", "０", .letters),
            Hostile("right-to-left mark", "\u{200F}", .invisible), Hostile("right-to-left override", "\u{202E}", .invisible),
            Hostile("zero-width joiner", "\u{200D}", .invisible), Hostile("byte-order mark", "\u{FEFF}", .invisible),
            Hostile("NUL escape", "\\u0000", .invisible), Hostile("escaped line feed", "\\n", .invisible),
            Hostile("lone high surrogate escape", "\\ud800", .malformed), Hostile("lone low surrogate escape", "\\udc00", .malformed),
            Hostile("reversed surrogate escapes", "\\udc00\\ud800", .malformed), Hostile("raw NUL byte", [0x00], .malformed),
            Hostile("overlong slash", [0xC0, 0xAF], .malformed), Hostile("overlong NUL", [0xC0, 0x80], .malformed),
            Hostile("overlong 3-byte slash", [0xE0, 0x80, 0xAF], .malformed), Hostile("surrogate as UTF-8 (CESU)", [0xED, 0xA0, 0x80], .malformed),
            Hostile("byte FF", [0xFF], .malformed), Hostile("truncated sequence", [0xE2, 0x82], .malformed),
            Hostile("5-byte form", [0xF8, 0x88, 0x80, 0x80, 0x80], .malformed), Hostile("beyond U+10FFFF", [0xF4, 0x90, 0x80, 0x80], .malformed),
        ]

        @Test func everyCustomerStringGetsA4xxWithAJSONError() async throws {
            try await HostileWorkerProcess.with { worker, pg in
                let password = Array("correct horse battery staple".utf8)
                _ = try await Self.post(worker, "/api/signup", ["email": Array("kit-owner@example.com".utf8), "password": password])
                let login = try await Self.post(worker, "/api/login", ["email": Array("kit-owner@example.com".utf8), "password": password])
                let token = try #require(login.json["token"] as? String, "login: \(login.status)")
                var accepted = 0
                for (i, hostile) in Self.table.enumerated() {
                    let named = hostile.kind == .malformed ? nil : "email"
                    // Email at signup and at login: printable ASCII only.
                    let email = Array("u\(i)".utf8) + hostile.bytes + Array("@example.com".utf8)
                    try await Self.expect(worker, "signup email \(hostile)", "/api/signup", ["email": email, "password": password], 400, field: named)
                    try await Self.expect(worker, "login email \(hostile)", "/api/login", ["email": email, "password": password], 400, field: named)
                    // Password at signup: letters of any script make an account; invisible or malformed text does not.
                    let secret = Array("correct horse ".utf8) + hostile.bytes + Array(" staple".utf8)
                    let signup = ["email": Array("pw\(i)@example.com".utf8), "password": secret]
                    if hostile.kind == .letters {
                        let answer = try await Self.post(worker, "/api/signup", signup)
                        #expect(answer.status == 201, "signup password \(hostile) → \(answer.status) \(answer.json)")
                        accepted += answer.status == 201 ? 1 : 0
                    } else {
                        try await Self.expect(worker, "signup password \(hostile)", "/api/signup", signup, 400,
                                              field: hostile.kind == .malformed ? nil : "password")
                    }
                    // Password at login: never a session.
                    let wrong = try await Self.post(worker, "/api/login", ["email": Array("kit-owner@example.com".utf8), "password": secret])
                    #expect([400, 401, 429].contains(wrong.status), "login password \(hostile) → \(wrong.status)")
                    #expect((wrong.json["error"] as? [String: Any])?["code"] is String, "login password \(hostile): no JSON error")
                    // Registration code.
                    let code = Array("0000-0000-01".utf8) + hostile.bytes + Array("4U".utf8)
                    try await Self.expect(worker, "kit code \(hostile)", "/api/kits", ["code": code], 400,
                                          field: hostile.kind == .malformed ? nil : "code", token: token)
                    // Report id, percent-encoded in the path and raw in the request line.
                    let encoded = hostile.bytes.map { String(format: "%%%02X", $0) }.joined()
                    let report = try await Self.send(worker, method: "GET", path: Array("/api/kits/\(encoded)/report".utf8), body: [], token: token)
                    #expect((400..<500).contains(report.status), "report id \(hostile) → \(report.status)")
                    #expect((report.json["error"] as? [String: Any])?["code"] is String, "report id \(hostile): no JSON error")
                    let raw = try await Self.send(worker, method: "GET", path: Array("/api/kits/".utf8) + hostile.bytes + Array("/report".utf8), body: [],
                                                  token: token)
                    #expect((400..<500).contains(raw.status), "raw report id \(hostile) → \(raw.status)")
                    #expect(worker.isRunning, "the worker stopped after \(hostile)")
                }
                #expect(accepted == Self.table.filter { $0.kind == .letters }.count)
                #expect(try await pg.psql("SELECT count(*) FROM customers") == String(accepted + 1))
                #expect(try await pg.psql("SELECT count(*) FROM kits") == "0")
                let health = try await Self.send(worker, method: "GET", path: Array("/healthz".utf8), body: [], token: nil)
                #expect(health.status == 200)
                #expect(worker.isRunning)
            }
        }

        /// Posts `fields` (each value raw bytes inside a JSON string literal) and expects `status` with a JSON error naming `field`.
        static func expect(_ worker: HostileWorkerProcess, _ what: String, _ path: String, _ fields: [String: [UInt8]], _ status: Int,
                           field: String?, token: String? = nil) async throws {
            let answer = try await post(worker, path, fields, token: token)
            let error = answer.json["error"] as? [String: Any]
            #expect(answer.status == status, "\(what) → \(answer.status) \(answer.json)")
            #expect(error?["code"] is String, "\(what): no JSON error")
            if let field { #expect(error?["field"] as? String == field, "\(what): names \(String(describing: error?["field"])), not \(field)") }
        }

        static func post(_ worker: HostileWorkerProcess, _ path: String, _ fields: [String: [UInt8]],
                         token: String? = nil) async throws -> (status: Int, json: [String: Any]) {
            var body = Array("{".utf8)
            for (i, key) in fields.keys.sorted().enumerated() {
                body += Array("\(i == 0 ? "" : ", ")\"\(key)\": \"".utf8) + fields[key]! + Array("\"".utf8)
            }
            body += Array("}".utf8)
            return try await send(worker, method: "POST", path: Array(path.utf8), body: body, token: token)
        }

        /// One request on its own connection, raw bytes as given; the status and the JSON body.
        static func send(_ worker: HostileWorkerProcess, method: String, path: [UInt8], body: [UInt8],
                         token: String?) async throws -> (status: Int, json: [String: Any]) {
            var head = "Host: worker\r\nConnection: close\r\n"
            if let token { head += "Authorization: Bearer \(token)\r\n" }
            if !body.isEmpty || method == "POST" { head += "Content-Type: application/json\r\nContent-Length: \(body.count)\r\n" }
            let request = Array("\(method) ".utf8) + path + Array(" HTTP/1.1\r\n\(head)\r\n".utf8) + body
            let answer = try await HostileClients.send(request, port: worker.port)
            let parts = answer.text.components(separatedBy: "\r\n\r\n")
            let json = parts.count > 1 ? (try? JSONSerialization.jsonObject(with: Data(parts[1...].joined(separator: "\r\n\r\n").utf8))) as? [String: Any] : nil
            return (answer.status, json ?? [:])
        }
    }
}
