import Foundation
import GenetixCore
import Glibc

extension AppSupervisor {
    /// Sets the worker count: adds workers at once, or drains the extra ones (errored and starting ones first, then
    /// the highest ids) — a draining worker is stopped only once the balancers report it idle (see `DrainTracker`).
    /// Returns the previous count.
    @discardableResult
    public func scale(to count: Int, actor: String = "system", reason: String? = nil) -> Int {
        let target = max(0, count)
        let members = slots.values.filter(\.isMember)
        let previous = members.count
        desired = target
        guard target != previous else { return previous }
        events.emit(type: "scale.started", message: "scaling from \(previous) to \(target) workers" + (reason.map { ": \($0)" } ?? ""),
                    actor: actor, fields: ["from": String(previous), "to": String(target)])
        if target > previous {
            for _ in previous..<target { addWorker() }
            return previous
        }
        let order: (WorkerSlot) -> Int = { slot in
            switch slot.state {
            case .errored: 0
            case .starting: 1
            default: 2
            }
        }
        let victims = members.sorted { (order($0), -$0.id) < (order($1), -$1.id) }.prefix(previous - target)
        for victim in victims { retire(victim.id) }
        return previous
    }

    /// Takes a worker out: an online worker drains; one that is not serving yet is stopped at once.
    func retire(_ id: Int) {
        guard var slot = slots[id], !slot.retiring else { return }
        slot.retiring = true
        slot.restartAt = nil
        if slot.state == .online {
            slot.state = .draining
            slot.drainingSince = Self.now
            slots[id] = slot
            events.emit(type: "worker.draining", message: "worker \(id) at \(address(slot)) is draining",
                        target: "worker-\(id)", fields: ["address": address(slot)])
            return
        }
        if let process = slot.process {
            slot.state = .stopping
            slot.stopRequestedAt = Self.now
            slots[id] = slot
            process.send(SIGTERM)
        } else {
            slots[id] = nil
            metrics?.removeWorker(id)
            events.emit(type: "worker.stopped", message: "worker \(id) removed (it was \(slot.state.rawValue), no process)", target: "worker-\(id)")
        }
    }

    /// Rolling restart of the given workers (all members when empty): for each, start a replacement, wait until it is
    /// online, then drain the old one, so capacity never drops. An errored worker is simply started again.
    public func restart(ids requested: [Int], actor: String = "system", reason: String = "requested") async -> [Int] {
        let ids = requested.isEmpty ? slots.values.filter(\.isMember).map(\.id).sorted() : requested
        var restarted: [Int] = []
        for id in ids {
            guard let slot = slots[id], slot.isMember, !slot.replacing else { continue }
            if slot.state == .errored || slot.process == nil {
                slots[id]!.crashTimes = []
                slots[id]!.consecutiveCrashes = 0
                slots[id]!.restarts += 1
                spawn(id)
                events.emit(type: "worker.restarted", message: "worker \(id) restarted (\(reason))", actor: actor, target: "worker-\(id)")
                restarted.append(id)
                continue
            }
            slots[id]!.replacing = true
            let replacement = addWorker()
            events.emit(type: "restart.started", message: "replacing worker \(id) with worker \(replacement) (\(reason))",
                        actor: actor, target: "worker-\(id)", fields: ["replacement": String(replacement)])
            let online = await waitUntilOnline(replacement)
            guard online else {
                slots[id]?.replacing = false
                events.emit(type: "restart.failed", severity: .warn,
                            message: "worker \(replacement) did not come online; worker \(id) keeps serving", actor: actor, target: "worker-\(id)")
                retire(replacement)
                break
            }
            retire(id)
            events.emit(type: "worker.restarted", message: "worker \(id) replaced by worker \(replacement) (\(reason))",
                        actor: actor, target: "worker-\(id)", fields: ["replacement": String(replacement)])
            restarted.append(id)
        }
        return restarted
    }

    /// Waits until worker `id` is online (true) or has failed to start (false).
    func waitUntilOnline(_ id: Int) async -> Bool {
        let deadline = Self.now + configuration.startTimeout + 1
        while Self.now < deadline {
            guard let slot = slots[id], slot.isMember, slot.state != .errored else { return false }
            if slot.state == .online { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return false
    }

    /// Stops draining workers the balancers have let go of, and kills stopping ones that overstay.
    func advanceDrains(inFlight: [Int: Int], now: Double) {
        for (id, slot) in slots {
            if slot.state == .draining, let since = slot.drainingSince {
                let busy = inFlight[id] ?? slot.stats?.inFlight ?? 0
                guard drains.mayStop(address: address(slot), inFlight: busy, drainingSince: since, now: now) else { continue }
                slots[id]!.state = .stopping
                slots[id]!.stopRequestedAt = now
                slot.process?.send(SIGTERM)
                events.emit(type: "worker.stopping", message: "worker \(id) drained after \(String(format2: now - since)) s; sent SIGTERM",
                            target: "worker-\(id)", fields: ["observers": drains.activeObservers(now: now).joined(separator: ",")])
            } else if slot.state == .stopping, let asked = slot.stopRequestedAt, now - asked > configuration.drainTimeout + 5 {
                slot.process?.send(SIGKILL)
            }
        }
    }
}
