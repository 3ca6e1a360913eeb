import Foundation
import GenetixOperations

/// libFuzzer entry for the console configuration loader: arbitrary bytes as the contents of a config file (at a path
/// whose folder does not exist, so relative token and CA files never resolve). Traps if an error does not name the
/// file, if a key error names no key, or if an accepted configuration breaks the loader's promises (a non-empty
/// cluster name, at least one node, unique node names, refresh within 0.25…3600 s, http(s) admin URLs).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let path = "/nonexistent-genetix-fuzz/config.json"
    let loader = OperatorConfigLoader(environment: ["FUZZ_TOKEN": "fuzz-token-value"], currentDirectory: "/nonexistent-genetix-fuzz")
    do {
        let config = try loader.parse(Data(bytes: data, count: size), path: path)
        precondition(!config.cluster.isEmpty, "accepted an empty cluster name")
        precondition(!config.nodes.isEmpty, "accepted a configuration without nodes")
        precondition(Set(config.nodes.map(\.name)).count == config.nodes.count, "accepted duplicate node names")
        precondition(config.refreshSeconds >= 0.25 && config.refreshSeconds <= 3600, "accepted refresh \(config.refreshSeconds)")
        for node in config.nodes {
            precondition(!node.name.isEmpty, "accepted an empty node name")
            precondition(node.admin.hasPrefix("http://") || node.admin.hasPrefix("https://"), "accepted admin URL \(node.admin)")
        }
    } catch {
        switch error {
        case .malformed(let p, _): precondition(p == path, "malformed error names another file")
        case .invalid(let p, let key, _): precondition(p == path && !key.isEmpty, "invalid-key error without file or key")
        case .unreadable, .notFound: preconditionFailure("parsing bytes reported a file-system error: \(error)")
        }
    }
    return 0
}
