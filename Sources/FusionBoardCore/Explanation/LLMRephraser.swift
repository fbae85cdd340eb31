import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Where to send rephrasing requests. Off unless the user passes an endpoint: nothing leaves the machine otherwise.
public struct LLMConfiguration: Sendable, Hashable {
    /// OpenAI-compatible chat-completions URL (`http://127.0.0.1:8080/v1/chat/completions`); a bare host URL gets
    /// `/v1/chat/completions` appended.
    public var endpoint: URL
    public var model: String
    /// Seconds to wait for the answer before keeping the deterministic text.
    public var timeout: Double = 30
    /// The answer may be at most this many times as long as the deterministic text (in characters) …
    public var maxLengthRatio: Double = 1.5
    /// … and never longer than this.
    public var maxCharacters: Int = 2400

    public init(endpoint: URL, model: String, timeout: Double = 30) {
        self.endpoint = endpoint
        self.model = model
        self.timeout = timeout
    }

    /// The chat-completions URL to POST to.
    public var requestURL: URL {
        let path = endpoint.path
        if path.isEmpty || path == "/" { return endpoint.appendingPathComponent("v1/chat/completions") }
        return endpoint
    }
}

/// What happened to a rephrasing request; recorded in the explanation and shown in reports.
public struct RephrasingOutcome: Sendable, Codable, Hashable {
    public var model: String
    public var endpoint: String
    public var accepted: Bool
    /// Why the answer was rejected (nil when accepted).
    public var reason: String?
    /// The model's text as received (kept for audit even when rejected).
    public var answer: String?
}

/// Asks a chat-completions endpoint to rephrase a summary from its evidence items only, and checks the answer
/// against them: a gene, drug, number or PMID absent from the evidence, excess length or a timeout rejects it.
public struct LLMRephraser: Sendable {
    public var configuration: LLMConfiguration

    public init(configuration: LLMConfiguration) { self.configuration = configuration }

    /// Abbreviations the prompt's rules allow without their being in the evidence.
    static let allowedTerms: Set<String> = [
        "DNA", "RNA", "CDS", "UTR", "PMID", "PMIDs", "PubMed", "ID", "IDs", "AMP", "ASCO", "CAP", "FDA", "NCBI", "WGS", "SV", "SVs", "II", "III",
        "IV", "OK", "TF", "N-terminal", "C-terminal", "N-terminus", "C-terminus", "JSON", "HGNC", "KB",
    ]

    /// The messages of the request: rules, then the evidence items as JSON. Nothing else about the patient is sent.
    public func messages(fusion: String, mechanism: MechanismClass, facts: [EvidenceItem], language: ExplanationLanguage, draftLength: Int) -> [[String: String]] {
        let limit = maxLength(draftLength)
        let rules = """
            You rewrite a molecular tumour board note about the gene fusion \(fusion). Use ONLY the evidence items given as JSON. \
            Do not add any gene, drug, number, PubMed ID or claim that is not in them. The mechanism class is \(mechanism.rawValue). \
            Write \(language == .ja ? "in Japanese, as a Japanese genome-medicine board would read it" : "in English"), at most \(limit) characters, \
            plain text, no recommendations.
            """
        let payload = facts.map { item -> [String: String] in
            var d = ["key": item.key, "label": item.label, "value": item.absence ?? item.value.description, "sources": item.sources.joined(separator: "; ")]
            if let detail = item.detail { d["detail"] = detail }
            if !item.pmids.isEmpty { d["pmids"] = item.pmids.map(String.init).joined(separator: ", ") }
            return d
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let json = (try? encoder.encode(payload)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
        return [["role": "system", "content": rules], ["role": "user", "content": json]]
    }

    func maxLength(_ draftLength: Int) -> Int {
        min(configuration.maxCharacters, max(400, Int(Double(draftLength) * configuration.maxLengthRatio)))
    }

    /// Sends the request and validates the answer. Never throws: every failure is a rejected outcome.
    public func rephrase(fusion: String, mechanism: MechanismClass, facts: [EvidenceItem], language: ExplanationLanguage, draft: String) -> RephrasingOutcome {
        let messages = messages(fusion: fusion, mechanism: mechanism, facts: facts, language: language, draftLength: draft.count)
        var outcome = RephrasingOutcome(model: configuration.model, endpoint: configuration.requestURL.absoluteString, accepted: false, reason: nil, answer: nil)
        let answer: String
        switch post(messages: messages) {
        case .failure(let message):
            outcome.reason = message
            return outcome
        case .success(let text):
            answer = text.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        outcome.answer = answer
        if let problem = Self.check(answer: answer, facts: facts, limit: maxLength(draft.count), extraAllowed: [fusion]) {
            outcome.reason = problem
            return outcome
        }
        outcome.accepted = true
        return outcome
    }

    enum PostResult { case success(String), failure(String) }

    /// Thread-safe holder for the asynchronous URLSession result.
    final class ResultBox: @unchecked Sendable {
        let lock = NSLock()
        var value: PostResult?
        func set(_ v: PostResult) { lock.lock(); value = v; lock.unlock() }
        func get() -> PostResult? { lock.lock(); defer { lock.unlock() }; return value }
    }

    func post(messages: [[String: String]]) -> PostResult {
        struct Body: Encodable { var model: String; var messages: [[String: String]]; var temperature: Double }
        var request = URLRequest(url: configuration.requestURL, timeoutInterval: configuration.timeout)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        guard let body = try? JSONEncoder().encode(Body(model: configuration.model, messages: messages, temperature: 0)) else {
            return .failure("could not encode the request")
        }
        request.httpBody = body
        let sessionConfiguration = URLSessionConfiguration.ephemeral
        sessionConfiguration.timeoutIntervalForRequest = configuration.timeout
        sessionConfiguration.timeoutIntervalForResource = configuration.timeout
        let session = URLSession(configuration: sessionConfiguration)
        defer { session.finishTasksAndInvalidate() }
        let box = ResultBox()
        let done = DispatchSemaphore(value: 0)
        let task = session.dataTask(with: request) { data, response, error in
            defer { done.signal() }
            if let error {
                box.set(.failure("request failed: \(error.localizedDescription)"))
                return
            }
            guard let http = response as? HTTPURLResponse else { box.set(.failure("no HTTP response")); return }
            guard http.statusCode == 200 else { box.set(.failure("HTTP status \(http.statusCode)")); return }
            guard let data, let text = Self.content(of: data) else { box.set(.failure("answer is not a chat-completions response")); return }
            box.set(.success(text))
        }
        task.resume()
        if done.wait(timeout: .now() + configuration.timeout + 1) == .timedOut {
            task.cancel()
            return .failure("timed out after \(configuration.timeout) s")
        }
        return box.get() ?? .failure("no answer")
    }

    /// `choices[0].message.content` of a chat-completions response.
    static func content(of data: Data) -> String? {
        struct Response: Decodable {
            struct Choice: Decodable {
                struct Message: Decodable { var content: String? }
                var message: Message?
            }
            var choices: [Choice]
        }
        return (try? JSONDecoder().decode(Response.self, from: data))?.choices.first?.message?.content
    }

    /// Checks an answer against the evidence. Returns the first problem found, or nil when the answer is acceptable.
    public static func check(answer: String, facts: [EvidenceItem], limit: Int, extraAllowed: [String] = []) -> String? {
        if answer.isEmpty { return "empty answer" }
        if answer.count > limit { return "answer has \(answer.count) characters, more than the \(limit) allowed" }
        let evidenceText = (facts.flatMap { item in
            [item.key, item.label, item.value.description, item.absence ?? "", item.detail ?? "", item.sources.joined(separator: " "), item.pmids.map(String.init).joined(separator: " ")]
        } + extraAllowed).joined(separator: " ")
        let evidenceTokens = Set(tokens(evidenceText))
        let evidenceNumbers = Set(numbers(evidenceText).flatMap { [$0, normalised($0)] })
        let pmids = Set(facts.flatMap(\.pmids))
        // PubMed IDs: any number after "PMID", and any 6–9 digit number.
        let cleaned = answer.replacingOccurrences(of: "5′", with: " ").replacingOccurrences(of: "3′", with: " ")
            .replacingOccurrences(of: "5'", with: " ").replacingOccurrences(of: "3'", with: " ")
        for n in numbers(cleaned) where n.count >= 6 && !n.contains(".") {
            if let id = Int(n), !pmids.contains(id) { return "PMID or number \(n) is not in the evidence" }
        }
        for n in numbers(cleaned) where !evidenceNumbers.contains(n) && !evidenceNumbers.contains(normalised(n)) {
            return "number \(n) is not in the evidence"
        }
        let lowerEvidence = evidenceText.lowercased()
        for token in tokens(answer) {
            let lower = token.lowercased()
            let drugLike = TherapyTable.drugNames.contains(lower) || drugSuffixes.contains { lower.hasSuffix($0) && lower.count > $0.count + 2 }
            if drugLike && !lowerEvidence.contains(lower) { return "drug \(token) is not in the evidence" }
            // Gene-like symbols: two or more capitals, or capitals with digits (RET, KIF5B, NM_004521, Pkinase_Tyr).
            let capitals = token.filter(\.isUppercase).count
            let geneLike = capitals >= 2 || (capitals >= 1 && token.contains(where: \.isNumber)) || token.contains("_")
            if geneLike && !evidenceTokens.contains(token) && !allowedTerms.contains(token) {
                return "name \(token) is not in the evidence"
            }
        }
        // Japanese drug names in katakana (…ニブ, …マブ) cannot be matched to the English evidence: reject them.
        for suffix in ["ニブ", "マブ", "チニブ"] where answer.contains(suffix) { return "drug name in katakana (\(suffix)) cannot be checked against the evidence" }
        return nil
    }

    static let drugSuffixes = ["tinib", "nib", "mab", "ciclib", "parib", "lisib", "rafenib", "zumab", "ximab", "mumab", "platin", "taxel", "rubicin", "trexate", "tretinoin"]

    /// Word-like tokens: letters, digits, `_`, `-` (trailing `-` and `.` trimmed).
    static func tokens(_ text: String) -> [String] {
        var out: [String] = []
        var current = ""
        for ch in text {
            if ch.isASCII && (ch.isLetter || ch.isNumber || ch == "_" || ch == "-") {
                current.append(ch)
            } else {
                if !current.isEmpty { out.append(current.trimmingCharacters(in: CharacterSet(charactersIn: "-"))) }
                current = ""
            }
        }
        if !current.isEmpty { out.append(current.trimmingCharacters(in: CharacterSet(charactersIn: "-"))) }
        return out.filter { !$0.isEmpty }
    }

    /// Numbers as written (`1005`, `0.82`), ignoring digits inside identifiers such as `KIF5B` or `NM_004521`.
    static func numbers(_ text: String) -> [String] {
        var out: [String] = []
        let chars = Array(text)
        var i = 0
        while i < chars.count {
            if chars[i].isASCII && chars[i].isNumber {
                let startsIdentifier = i > 0 && (chars[i - 1].isASCII && (chars[i - 1].isLetter || chars[i - 1] == "_"))
                var j = i
                while j < chars.count && chars[j].isASCII && (chars[j].isNumber || (chars[j] == "." && j + 1 < chars.count && chars[j + 1].isNumber)) {
                    j += 1
                }
                let n = String(chars[i..<j])
                let endsIdentifier = j < chars.count && chars[j].isASCII && (chars[j].isLetter || chars[j] == "_")
                if !startsIdentifier && !endsIdentifier && !n.isEmpty { out.append(n) }
                i = j
            } else {
                i += 1
            }
        }
        return out
    }

    /// `1.50` → `1.5`, `2.0` → `2`, for comparing numbers written differently.
    static func normalised(_ n: String) -> String {
        guard let v = Double(n) else { return n }
        return v == v.rounded() ? String(Int(v)) : String(v)
    }
}
