import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@testable import FusionBoardCore

/// A chat-completions server on 127.0.0.1 (an ephemeral port) that answers each request with what `answer`
/// returns for the request's model name, after an optional delay. It records every request body.
final class StubChatServer: @unchecked Sendable {
    let port: UInt16
    private let socketFD: Int32
    private let answer: @Sendable (String) -> (delay: Double, content: String)
    private let lock = NSLock()
    private var bodies: [String] = []
    private var stopped = false

    var requests: [String] { lock.lock(); defer { lock.unlock() }; return bodies }

    init(answer: @escaping @Sendable (String) -> (delay: Double, content: String)) throws {
        self.answer = answer
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw KnowledgeBaseError("socket() failed") }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard bound == 0, listen(fd, 16) == 0 else { close(fd); throw KnowledgeBaseError("bind/listen on 127.0.0.1 failed") }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        port = UInt16(bigEndian: actual.sin_port)
        socketFD = fd
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    var url: URL { URL(string: "http://127.0.0.1:\(port)/v1/chat/completions")! }

    func stop() {
        lock.lock()
        stopped = true
        lock.unlock()
        shutdown(socketFD, Int32(SHUT_RDWR))
        close(socketFD)
    }

    private func acceptLoop() {
        while true {
            let client = accept(socketFD, nil, nil)
            if client < 0 {
                lock.lock()
                let done = stopped
                lock.unlock()
                if done { return } else { continue }
            }
            let handler = Thread { [self] in handle(client) }
            handler.start()
        }
    }

    private func handle(_ client: Int32) {
        defer { close(client) }
        var data = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        var expected: Int?
        while true {
            let n = read(client, &buffer, buffer.count)
            if n <= 0 { break }
            data.append(contentsOf: buffer[0..<n])
            let text = String(decoding: data, as: UTF8.self)
            if expected == nil, let range = text.range(of: "\r\n\r\n") {
                let head = text[..<range.lowerBound].lowercased()
                let length = head.split(separator: "\r\n").first { $0.hasPrefix("content-length:") }
                    .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
                expected = text.utf8.distance(from: text.utf8.startIndex, to: range.upperBound.samePosition(in: text.utf8)!) + length
            }
            if let expected, data.count >= expected { break }
        }
        let text = String(decoding: data, as: UTF8.self)
        let body = text.range(of: "\r\n\r\n").map { String(text[$0.upperBound...]) } ?? ""
        lock.lock()
        bodies.append(body)
        lock.unlock()
        struct Request: Decodable { var model: String }
        let model = (try? JSONDecoder().decode(Request.self, from: Data(body.utf8)))?.model ?? ""
        let (delay, content) = answer(model)
        if delay > 0 { Thread.sleep(forTimeInterval: delay) }
        let payload: [String: Any] = ["id": "stub", "object": "chat.completion", "choices": [["index": 0, "message": ["role": "assistant", "content": content]]]]
        let json = (try? JSONSerialization.data(withJSONObject: payload)) ?? Data()
        let response = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: \(json.count)\r\nConnection: close\r\n\r\n"
        let bytes = Array(response.utf8) + Array(json)
        let total = bytes.count
        var offset = 0
        while offset < total {
            let start = offset
            let n = bytes.withUnsafeBytes { send(client, $0.baseAddress! + start, total - start, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { break }
            offset += n
        }
    }
}

@Suite("Explanation: optional LLM rephrasing", .serialized)
struct ExplanationLLMTests {
    /// The real KIF5B::RET explanation without a model, and answers written from its evidence.
    static func baseline() throws -> (ScoredFusion, String, String) {
        let f = try ExplanationSupport.scored("P001-lung-KIF5B-RET.vcf", "KIF5B::RET")
        let e = try #require(f.explanation)
        let kinase = try #require(e.mechanism.reasons.first { $0.code == "kinase_retained" }?.domains.first)
        let ret = try #require(e.mechanism.evidence.first { $0.key == "pubmed_count_3p" })
        let good = "KIF5B::RET keeps the RET kinase domain (\(kinase)) in frame. Fusion to KIF5B activates RET. PubMed lists \(ret.value.description) records on RET."
        return (f, good, kinase)
    }

    static func rephrase(_ f: ScoredFusion, server: StubChatServer, model: String, timeout: Double = 5) -> BoardExplanation {
        let options = ExplanationOptions(language: .en, llm: LLMConfiguration(endpoint: server.url, model: model, timeout: timeout))
        return Explainer(knowledgeBase: nil, options: options).explain(fusion: f.fusion, evidence: f.evidence, score: f.score, deNovo: false, tumourType: nil)
    }

    @Test func goodAnswerIsAcceptedAndBadAnswersAreRejected() throws {
        let (f, good, _) = try Self.baseline()
        let cocitation = try #require(f.explanation?.mechanism.evidence.first { $0.key == "cocitation" })
        let inventedPMID = (cocitation.pmids.max() ?? 30_000_000) + 1_234_567
        let answers: [String: (Double, String)] = [
            "good": (0, good),
            "invented-pmid": (0, good + " See PMID \(inventedPMID)."),
            "invented-drug": (0, good + " Osimertinib is an option."),
            "invented-gene": (0, good + " EGFR is co-altered."),
            "too-long": (0, String(repeating: good + " ", count: 20)),
            "slow": (3, good),
        ]
        let server = try StubChatServer { model in answers[model] ?? (0, "") }
        defer { server.stop() }

        let accepted = Self.rephrase(f, server: server, model: "good")
        let outcome = try #require(accepted.rephrasing)
        #expect(outcome.accepted, "\(outcome.reason ?? "")")
        #expect(accepted.mechanism.summary == good)
        #expect(accepted.deterministicSummary == f.explanation?.deterministicSummary)

        for (model, why) in [("invented-pmid", "\(inventedPMID)"), ("invented-drug", "Osimertinib"), ("invented-gene", "EGFR"), ("too-long", "characters")] {
            let rejected = Self.rephrase(f, server: server, model: model)
            let r = try #require(rejected.rephrasing)
            #expect(!r.accepted, "\(model) was accepted")
            #expect(r.reason?.contains(why) == true, "\(model): \(r.reason ?? "")")
            #expect(rejected.mechanism.summary == rejected.deterministicSummary)
        }
        let started = Date()
        let slow = Self.rephrase(f, server: server, model: "slow", timeout: 1)
        #expect(Date().timeIntervalSince(started) < 2.9)
        #expect(slow.rephrasing?.accepted == false)
        #expect(slow.rephrasing?.reason?.contains("timed out") == true || slow.rephrasing?.reason?.contains("request failed") == true, "\(slow.rephrasing?.reason ?? "")")
        #expect(slow.mechanism.summary == slow.deterministicSummary)
    }

    @Test func promptHoldsOnlyTheEvidenceItems() throws {
        let (f, good, _) = try Self.baseline()
        let server = try StubChatServer { _ in (0, good) }
        defer { server.stop() }
        _ = Self.rephrase(f, server: server, model: "good")
        let body = try #require(server.requests.last)
        struct Request: Decodable {
            struct Message: Decodable { var role: String; var content: String }
            var model: String
            var messages: [Message]
        }
        let request = try JSONDecoder().decode(Request.self, from: Data(body.utf8))
        #expect(request.model == "good")
        let user = try #require(request.messages.first { $0.role == "user" })
        let items = try JSONDecoder().decode([[String: String]].self, from: Data(user.content.utf8))
        let keys = Set(items.compactMap { $0["key"] })
        #expect(keys == Set(f.explanation?.mechanism.evidence.map(\.key) ?? []))
        // Nothing about the patient or the input: no file path, record IDs or sample name.
        #expect(!body.contains("P001-lung"))
        #expect(!body.contains(f.inputFile))
        for id in f.recordIDs { #expect(!body.contains(id)) }
    }

    @Test func noEndpointMeansNoRequest() throws {
        let f = try ExplanationSupport.scored("P001-lung-KIF5B-RET.vcf", "KIF5B::RET")
        #expect(f.explanation?.rephrasing == nil)
    }
}

@Suite("Explanation: answer checks")
struct ExplanationAnswerCheckTests {
    @Test func checksRejectUncheckableOrInventedFacts() throws {
        let f = try ExplanationSupport.scored("P001-lung-KIF5B-RET.vcf", "KIF5B::RET")
        let e = try #require(f.explanation)
        let facts = e.mechanism.evidence
        let kinase = try #require(e.mechanism.reasons.first { $0.code == "kinase_retained" }?.domains.first)
        let good = "KIF5B::RET keeps the RET kinase domain (\(kinase))."
        #expect(LLMRephraser.check(answer: good, facts: facts, limit: 1000, extraAllowed: ["KIF5B::RET"]) == nil)
        // An exon number the evidence does not hold, a katakana drug name, an empty answer.
        #expect(LLMRephraser.check(answer: good + " The junction is in exon 977.", facts: facts, limit: 1000)?.contains("977") == true)
        #expect(LLMRephraser.check(answer: "KIF5B::RETにはセルペルカチニブが有効である。", facts: facts, limit: 1000)?.contains("katakana") == true)
        #expect(LLMRephraser.check(answer: "", facts: facts, limit: 1000) != nil)
        // The same sentence passes with a limit above its length and fails below it.
        #expect(LLMRephraser.check(answer: good, facts: facts, limit: good.count - 1)?.contains("characters") == true)
    }
}
