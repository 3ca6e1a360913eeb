import Foundation
import GenetixAdmin
import GenetixBalancer
import GenetixCommandLine
import GenetixNet

/// The options of `genetix balancer` for a pair behind a floating address (docs/deploy.md, "A balancer pair"):
/// `--floating-address`, `--pair-peer`, `--pair-token-file`, `--pair-ca`.
enum BalancerPairOptions {
    static let options = [
        OptionSpec("floating-address", valueName: "ip", help: "The address keepalived floats over this balancer and its peers (status shows whether this one holds it; enables the standby action)."),
        OptionSpec("pair-peer", valueName: "url", help: "Admin URL of another balancer of the pair (repeatable): its drains and weights are copied at start, before /readyz answers 200.",
                   isRepeatable: true, isCommaSeparated: true),
        OptionSpec("pair-token-file", valueName: "file", help: "File holding a token (viewer is enough) for the peers' admin APIs (default: --app-token-file's)."),
        OptionSpec("pair-ca", valueName: "pem", help: "CA certificate to verify https:// --pair-peer URLs against (default: --app-ca's, else the system store)."),
    ]

    /// The pair membership the options describe, or nil without `--floating-address`.
    static func pair(_ arguments: ParsedArguments, config: BalancerConfiguration) throws -> BalancerPair? {
        let peerURLs = try arguments.strings("pair-peer")
        guard let address = try arguments.optionalString("floating-address") else {
            if !peerURLs.isEmpty { throw NodeCommandError.missing("--floating-address", "--pair-peer needs the pair's floating address") }
            return nil
        }
        guard let host = address.split(separator: "/").first, isIPAddress(String(host)) else {
            throw NodeCommandError.invalid("--floating-address", "'\(address)' is not an IP address (write e.g. 10.0.0.50)")
        }
        var token = config.appToken
        if let file = try arguments.optionalString("pair-token-file") {
            let text = FileManager.default.contents(atPath: file).map { String(decoding: $0, as: UTF8.self) }?
                .trimmingCharacters(in: .whitespacesAndNewlines)
            guard let text, !text.isEmpty else {
                throw NodeCommandError.invalid("--pair-token-file", "cannot read a token from \(file): check that it exists, is readable and not empty")
            }
            token = text
        }
        var tls = config.appTLS
        if let caFile = try arguments.optionalString("pair-ca") {
            do { tls = try TLSContext.client(.client(trustedCAFilePath: caFile)) } catch {
                throw NodeCommandError.invalid("--pair-ca", "cannot use \(caFile) as the peers' CA: \(error)")
            }
        }
        var https: HTTPClient?
        if peerURLs.contains(where: { $0.hasPrefix("https://") }) {
            let context = try tls ?? TLSContext.client(.client())
            https = HTTPClient(configuration: HTTPClientConfiguration(timeout: .seconds(2), maxIdlePerOrigin: 1, tls: context))
        }
        let peers = try peerURLs.map { url in
            do {
                return try AdminClient(url: url, token: token, timeout: .seconds(2),
                                       http: url.hasPrefix("https://") ? (https ?? AdminClient.sharedHTTP) : AdminClient.sharedHTTP)
            } catch {
                throw NodeCommandError.invalid("--pair-peer", "\(error) (write the peer's admin URL, e.g. https://10.0.0.3:9101)")
            }
        }
        return BalancerPair(address: String(host), peers: peers)
    }

    /// Whether `text` is an IPv4 or IPv6 address (not a host name: keepalived floats addresses).
    private static func isIPAddress(_ text: String) -> Bool {
        var v4 = in_addr(), v6 = in6_addr()
        return inet_pton(AF_INET, text, &v4) == 1 || inet_pton(AF_INET6, text, &v6) == 1
    }
}
