import Foundation
import GenetixCore

/// The Prometheus file-based service discovery document (`file_sd_configs`) for a cluster configuration: one target
/// group per node, its admin API's `host:port` as the target, and labels naming the cluster, the node and its kind.
/// `__scheme__` carries the admin URL's scheme, so one scrape job serves a cluster whose nodes mix http and https.
/// Generated from the same configuration the console and `genetix status` read, so monitoring never drifts from it.
public enum PrometheusTargets {
    /// One `file_sd` target group.
    public struct Group: Codable, Sendable, Equatable {
        public var targets: [String]
        public var labels: [String: String]
    }

    /// The target groups, in the configuration's node order.
    public static func groups(_ config: OperatorConfig) throws(OperatorConfigError) -> [Group] {
        try config.nodes.enumerated().map { (i, node) throws(OperatorConfigError) in
            guard let url = URLComponents(string: node.admin), let scheme = url.scheme, ["http", "https"].contains(scheme),
                  let host = url.host, !host.isEmpty else {
                throw .invalid(path: config.path, key: "nodes[\(i)].admin", message: "'\(node.admin)' is not an http:// or https:// URL with a host")
            }
            let port = url.port ?? (scheme == "https" ? 443 : 80)
            let address = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]:\(port)" : "\(host):\(port)"
            return Group(targets: [address], labels: ["__scheme__": scheme, "genetix_cluster": config.cluster,
                                                      "genetix_node": node.name, "genetix_kind": node.kind.rawValue])
        }
    }

    /// The document as Prometheus reads it: a JSON array of target groups, keys sorted, one trailing newline.
    public static func document(_ config: OperatorConfig) throws(OperatorConfigError) -> String {
        String(decoding: GenetixJSON.encode(try groups(config), pretty: true), as: UTF8.self) + "\n"
    }
}
