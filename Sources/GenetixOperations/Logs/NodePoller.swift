import GenetixAdmin

/// The long-poll loop behind `--follow`: one task per node asks for what came after its cursor, hands over anything
/// new, and moves the cursor on, until cancelled. A node that fails is reported once per outage and asked again every
/// second, so a dead node delays no one.
struct NodePoller: Sendable {
    /// One node's answer: the new items and the cursor to ask from next.
    typealias Page<Item: Sendable> = (items: [Item], next: UInt64)

    /// The admin client of each followed node, by name, and where each starts.
    var clients: [(name: String, client: AdminClient, cursor: UInt64)]

    /// Polls every node with `fetch` until the task is cancelled.
    func run<Item: Sendable>(fetch: @escaping @Sendable (String, AdminClient, UInt64) async throws(AdminClientError) -> Page<Item>,
                             handle: @escaping @Sendable ([Item]) async -> Void,
                             failure: @escaping @Sendable (OperationError) async -> Void) async {
        await withTaskGroup(of: Void.self) { group in
            for (name, client, start) in clients {
                group.addTask {
                    var cursor = start
                    var reported = false
                    while !Task.isCancelled {
                        do throws(AdminClientError) {
                            let page = try await fetch(name, client, cursor)
                            reported = false
                            cursor = max(cursor, page.next)
                            if !page.items.isEmpty { await handle(page.items) }
                        } catch {
                            if Task.isCancelled { break }
                            if !reported { await failure(OperationError(error)); reported = true }
                            try? await Task.sleep(for: .seconds(1))
                        }
                    }
                }
            }
        }
    }
}
