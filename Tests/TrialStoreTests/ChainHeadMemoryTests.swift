import Testing
@testable import TrialStore

@Suite struct ChainHeadMemoryTests {
    @Test func it_answers_the_heads_it_was_told_and_forgets_the_oldest_first() {
        let memory = ChainHeadMemory<Int>(limit: 4)
        for head in 1...4 { memory.remember(head, atHead: "h\(head)") }
        #expect((1...4).map { memory.value(atHead: "h\($0)") } == [1, 2, 3, 4])
        #expect(memory.value(atHead: "h9") == nil)
        // Told again about a head it knows: the newer value, and the head keeps its place in the order.
        memory.remember(10, atHead: "h1")
        #expect(memory.value(atHead: "h1") == 10)
        // Past the limit the oldest heads go, down to half of it; the newest stay.
        memory.remember(5, atHead: "h5")
        #expect((1...5).map { memory.value(atHead: "h\($0)") } == [nil, nil, nil, 4, 5])
        // Taken, a head is forgotten there (a write carries it on).
        #expect(memory.take(atHead: "h4") == 4)
        #expect(memory.value(atHead: "h4") == nil && memory.take(atHead: "h4") == nil)
    }
}
