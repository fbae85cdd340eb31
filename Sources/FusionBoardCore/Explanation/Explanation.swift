/// Options of the explanation stage.
public struct ExplanationOptions: Sendable {
    public var language: ExplanationLanguage = .en
    /// Optional rephrasing by a language model; nil (the default) keeps everything offline.
    public var llm: LLMConfiguration?
    public init(language: ExplanationLanguage = .en, llm: LLMConfiguration? = nil) {
        self.language = language
        self.llm = llm
    }
}

/// The mechanism block of the JSON output: `{class, summary, evidence}`.
public struct MechanismSummary: Sendable, Codable, Hashable {
    public var mechanismClass: MechanismClass
    /// The summary as shown: the deterministic text, or the model's rephrasing when it passed every check.
    public var summary: String
    /// The evidence items the mechanism and the summary cite.
    public var evidence: [EvidenceItem]
    /// The reasons that decided the class, each with its evidence keys.
    public var reasons: [MechanismReason]
    /// Keys of the items that decided the class.
    public var decidedBy: [String]

    enum CodingKeys: String, CodingKey { case mechanismClass = "class", summary, evidence, reasons, decidedBy }
}

/// Everything the board sees about why a fusion may matter: mechanism, summary with per-sentence citations,
/// therapy evidence, and the rephrasing outcome when a model was asked.
public struct BoardExplanation: Sendable, Codable, Hashable {
    public var language: ExplanationLanguage
    public var mechanism: MechanismSummary
    /// The deterministic summary, sentence by sentence, each with the evidence keys it used.
    public var sentences: [ExplanationSentence]
    /// The deterministic summary text (sentences joined).
    public var deterministicSummary: String
    public var therapies: [TherapyEvidence]
    /// Curated entries that did not match and why (target domain lost, frame).
    public var therapyNotes: [String]
    public var rephrasing: RephrasingOutcome?
}

/// Builds explanations. One per task (it holds the knowledge base for drug interactions).
public final class Explainer {
    let knowledgeBase: KnowledgeBase?
    public let options: ExplanationOptions
    private var interactionCache: [String: [DrugInteraction]] = [:]

    /// `knowledgeBase` supplies DGIdb interactions; pass nil to use the curated therapy table only.
    public init(knowledgeBase: KnowledgeBase?, options: ExplanationOptions = ExplanationOptions()) {
        self.knowledgeBase = knowledgeBase
        self.options = options
    }

    func interactions(_ gene: String) -> [DrugInteraction] {
        if let cached = interactionCache[gene] { return cached }
        let found = DrugInteraction.merged(gene: gene, (try? knowledgeBase?.drugs(of: gene)) ?? [])
        interactionCache[gene] = found
        return found
    }

    /// Explains one fusion from its structure, evidence and score.
    public func explain(fusion: FusionCandidate, evidence: FusionEvidence, score: DriverScore?, deNovo: Bool, tumourType: String?) -> BoardExplanation {
        let facts = FactBuilder.facts(fusion: fusion, evidence: evidence, score: score)
        let mechanism = MechanismClassifier.classify(fusion: fusion, facts: facts, deNovo: deNovo)
        let writer = SummaryWriter(
            fusion: fusion, facts: facts, mechanism: mechanism, deNovo: deNovo, language: options.language, contributions: score?.contributions ?? [])
        let sentences = writer.sentences()
        let text = sentences.map(\.text).joined(separator: options.language == .ja ? "" : " ")
        var cited: [String] = []
        for key in mechanism.evidence + sentences.flatMap(\.evidence) where !cited.contains(key) { cited.append(key) }
        let citedItems = cited.compactMap { facts[$0] }
        let therapies = TherapyMatcher.match(
            fusion: fusion, tumourType: tumourType, domainSourceAbsent: knowledgeBase.map { $0.info.missingCategories.contains("domains") },
            interactions: interactions)
        var summary = text
        var outcome: RephrasingOutcome?
        if let llm = options.llm {
            let result = LLMRephraser(configuration: llm).rephrase(
                fusion: fusion.name, mechanism: mechanism.mechanismClass, facts: citedItems, language: options.language, draft: text)
            if result.accepted, let answer = result.answer { summary = answer }
            outcome = result
        }
        return BoardExplanation(
            language: options.language,
            mechanism: MechanismSummary(
                mechanismClass: mechanism.mechanismClass, summary: summary, evidence: citedItems, reasons: mechanism.reasons, decidedBy: mechanism.evidence),
            sentences: sentences, deterministicSummary: text, therapies: therapies.evidence, therapyNotes: therapies.notMatched, rephrasing: outcome)
    }
}

/// Plain-text rendering for the command line (`fusionboard explain` prints this).
public enum Explanation {
    /// Mechanism, summary, the contributions behind the score and the therapy evidence of one scored fusion.
    /// Returns an empty string when the fusion has no explanation.
    public static func render(_ scored: ScoredFusion) -> String {
        guard let explanation = scored.explanation else { return "" }
        return render(fusion: scored.fusion, score: scored.score, explanation: explanation)
    }

    /// The same from the parts (for a fusion built outside a case analysis).
    public static func render(fusion: FusionCandidate, score: DriverScore?, explanation: BoardExplanation) -> String {
        let ja = explanation.language == .ja
        var lines: [String] = []
        lines.append("\(fusion.displayName)")
        lines.append("\(ja ? "機序" : "Mechanism"): \(explanation.mechanism.mechanismClass.rawValue)")
        for reason in explanation.mechanism.reasons {
            let what = [reason.gene, reason.domains.isEmpty ? nil : reason.domains.joined(separator: ", ")].compactMap { $0 }.joined(separator: " ")
            lines.append("  - \(reason.code)\(what.isEmpty ? "" : ": \(what)") [\(reason.evidence.joined(separator: ", "))]")
        }
        lines.append("")
        lines.append(ja ? "要約:" : "Summary:")
        if let r = explanation.rephrasing {
            lines.append(
                r.accepted
                    ? "  (\(ja ? "言語モデルによる言い換え" : "rephrased by") \(r.model); \(ja ? "根拠との照合済み" : "checked against the evidence"))"
                    : "  (\(ja ? "言語モデルの回答は不採用" : "model answer rejected"): \(r.reason ?? "?"))")
        }
        if explanation.rephrasing?.accepted == true {
            lines.append("  \(explanation.mechanism.summary)")
        } else {
            for s in explanation.sentences {
                lines.append("  \(s.text)" + (s.evidence.isEmpty ? "" : " [\(s.evidence.joined(separator: ", "))]"))
            }
        }
        if let score {
            lines.append("")
            lines.append(ja ? "スコアへの寄与:" : "Contributions:")
            lines.append("  \(ja ? "ドライバー確率" : "driver probability") \(String(format4: score.probability)) (\(score.driverClass.rawValue); \(score.scorer))")
            for c in score.contributions.sorted(by: { abs($0.contribution) > abs($1.contribution) }) {
                lines.append("  \(c.contribution >= 0 ? "+" : "")\(String(format2: c.contribution))  \(c.feature) = \(c.value)")
            }
        }
        lines.append("")
        lines.append(ja ? "治療に関するエビデンス（推奨ではない）:" : "Therapy evidence (evidence, not a recommendation):")
        if explanation.therapies.isEmpty { lines.append(ja ? "  該当なし" : "  none matched") }
        for t in explanation.therapies {
            let pm = t.pmids.isEmpty ? "" : "; PMID \(t.pmids.map(String.init).joined(separator: ", "))"
            let context = ja ? t.contextJapanese ?? t.context : t.context
            let reason = ja ? t.tierReasonJapanese ?? t.tierReason : t.tierReason
            let check = ja ? t.domainCheckJapanese ?? t.domainCheck : t.domainCheck
            let tier = t.isTiered || !ja ? t.tier : "ティア分類なし"
            lines.append("  [\(tier)] \(t.drug) — \(context) (\(t.level); \(reason); \(check); \(t.reference)\(pm))")
        }
        for note in explanation.therapyNotes { lines.append("  \(ja ? "不一致" : "not matched"): \(note)") }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension PipelineOptions {
    /// Default options with explanations written in `language` (the cohort runner's report language).
    public static func explained(in language: ExplanationLanguage) -> PipelineOptions {
        var options = PipelineOptions()
        options.explanation.language = language
        return options
    }
}
