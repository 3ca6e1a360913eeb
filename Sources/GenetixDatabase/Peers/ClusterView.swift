import Foundation
import GenetixConsensus
import GenetixCore

/// One reading of a cluster's keys (a single prefix range, so every part is from the same revision).
struct ClusterView: Sendable {
    var leader: EtcdKeyValue?
    var members: [MemberRecord] = []
    var config = ClusterConfig()
    var switchover: SwitchoverRecord?
    /// The `sync` key and its modification revision (for compare-and-swap; 0 when absent).
    var sync: SyncRecord?
    var syncRevision: Int64 = 0
    var history: [HistoryEntry] = []
    var initializedBy: String?

    init(keys: [EtcdKeyValue], layout: ClusterKeys) {
        for kv in keys {
            switch kv.key {
            case layout.leader: leader = kv
            case layout.config: config = (try? GenetixJSON.decode(ClusterConfig.self, from: kv.value)) ?? ClusterConfig()
            case layout.switchover: switchover = try? GenetixJSON.decode(SwitchoverRecord.self, from: kv.value)
            case layout.sync:
                sync = try? GenetixJSON.decode(SyncRecord.self, from: kv.value)
                syncRevision = kv.modRevision
            case layout.history: history = (try? GenetixJSON.decode([HistoryEntry].self, from: kv.value)) ?? []
            case layout.initialize: initializedBy = kv.text
            default:
                if kv.key.hasPrefix(layout.members), let member = try? GenetixJSON.decode(MemberRecord.self, from: kv.value) {
                    members.append(member)
                }
            }
        }
    }

    func member(_ name: String) -> MemberRecord? { members.first { $0.name == name } }
}
