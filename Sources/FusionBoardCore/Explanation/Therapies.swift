/// Therapy evidence for one fusion: a drug, the context it is approved or reported in, and its AMP/ASCO/CAP
/// tier. It is evidence for the board to weigh, never a recommendation.
public struct TherapyEvidence: Sendable, Codable, Hashable {
    public var drug: String
    /// The gene whose product the drug acts on.
    public var gene: String
    /// Indication / context as the source states it.
    public var context: String
    /// `FDA-approved` (label), `guideline`, or `drug–gene interaction` (DGIdb).
    public var level: String
    /// AMP/ASCO/CAP 2017 tier and level of a label (`I-A`, `II-C`, or `I-A / II-C` when the tumour type is not
    /// given), relative to the tumour type when it is known; ``notTiered`` for an interaction-database record.
    public var tier: String
    /// Why that tier (`FDA label for this tumour type (“lung”)`, `FDA-approved in another tumour type`, …).
    public var tierReason: String
    /// Label/guideline citation, or the interaction database with its version.
    public var reference: String
    public var pmids: [Int]
    /// What matched: `pair` (both genes), `gene` (the target gene with any partner).
    public var matchLevel: String
    /// The domain check behind the match (`ALK Pkinase_Tyr kept`), or why it could not be made
    /// (`ALK kinase domain not checked: no domain source in the knowledge base`).
    public var domainCheck: String
    /// The outcome of the domain check (``domainCheck`` says it in words). Not part of the JSON output.
    public var domainCheckOutcome: DomainCheckOutcome = .kept
    /// ``context`` in Japanese where FusionBoard words it (drug–gene interactions); a label's indication stays as
    /// the label states it. Not part of the JSON output.
    public var contextJapanese: String? = nil
    /// ``domainCheck`` in Japanese. Not part of the JSON output.
    public var domainCheckJapanese: String? = nil
    /// ``tierReason`` in Japanese. Not part of the JSON output.
    public var tierReasonJapanese: String? = nil

    /// The ``tier`` of a drug–gene interaction record: gene-level database records are not tier evidence for a fusion.
    public static let notTiered = "not tiered"
    /// Whether the item carries an AMP/ASCO/CAP tier (labels do; interaction-database records do not).
    public var isTiered: Bool { tier != Self.notTiered }

    private enum CodingKeys: String, CodingKey {
        case drug, gene, context, level, tier, tierReason, reference, pmids, matchLevel, domainCheck
    }
}

/// How a therapy entry's domain requirement was met.
public enum DomainCheckOutcome: String, Sendable, Codable, Hashable {
    /// The required domain is kept in the fusion protein.
    case kept
    /// The entry requires no domain (e.g. PML::RARA, NRG1): the coding sequence is joined.
    case notRequired = "not required"
    /// The partner has no domain annotation (no domain source in the knowledge base, or none for its transcript), so
    /// the required domain could not be checked: the entry is listed with that said.
    case notChecked = "not checked"
}

/// Matches a fusion against the curated table and, as lower-level evidence, DGIdb interactions.
public enum TherapyMatcher {
    /// How many DGIdb interactions to list per gene at most (those with PMIDs first).
    static let interactionLimit = 8

    /// The curated entries that apply, and notes on entries that did not match because the target domain or frame was lost.
    ///
    /// An entry whose required domain cannot be checked (the partner has no domain annotation) is listed with
    /// ``DomainCheckOutcome/notChecked``; `domainSourceAbsent` says why (the knowledge base has no domain source,
    /// rather than none for this transcript), nil when not known.
    public static func match(
        fusion: FusionCandidate, tumourType: String?, domainSourceAbsent: Bool? = nil, interactions: (String) -> [DrugInteraction]
    ) -> (evidence: [TherapyEvidence], notMatched: [String]) {
        var result: [TherapyEvidence] = []
        var notes: [String] = []
        let productive = fusion.frame == .inFrame || fusion.frame == .utr5ToCDS
        let tumour = tumourType.flatMap(TumourTypeText.init)
        var seenDrugs: Set<String> = []
        for (partner, role, other) in [(fusion.fivePrime, PartnerRole.fivePrime, fusion.threePrime), (fusion.threePrime, .threePrime, fusion.fivePrime)] {
            let domains = MechanismClassifier.classified(partner, role: role, fusion: fusion)
            let keptKinase = domains.first { $0.cls == .kinase && $0.kept }
            for entry in TherapyTable.entries where entry.gene == partner.gene {
                if let side = entry.side, side != role { continue }
                if let required = entry.partner, required != other.gene { continue }
                var check: String, checkJapanese: String, outcome: DomainCheckOutcome
                if entry.requiredDomain == .kinase {
                    if let keptKinase {
                        outcome = .kept
                        check = "\(entry.gene) \(keptKinase.domain.domain.name) kept"
                        checkJapanese = "\(entry.gene) \(keptKinase.domain.domain.name) 保持"
                    } else if partner.domains.isEmpty {
                        outcome = .notChecked
                        let why = domainSourceAbsent == true ? "no domain source in the knowledge base" : "no domain annotation for \(entry.gene)'s transcript"
                        let whyJapanese = domainSourceAbsent == true ? "知識ベースにドメイン情報源がない" : "\(entry.gene)の転写産物にドメインの注釈がない"
                        check = "\(entry.gene) kinase domain not checked: \(why)"
                        checkJapanese = "\(entry.gene)のキナーゼドメインは未確認（\(whyJapanese)ため）"
                    } else {
                        notes.append("\(entry.drug) (\(entry.gene)): not matched, the \(entry.gene) kinase domain is not kept")
                        continue
                    }
                } else {
                    outcome = .notRequired
                    check = "\(entry.gene) coding sequence joined \(fusion.frame.rawValue)"
                    checkJapanese = "\(entry.gene)のコード配列が\(fusion.frame.japaneseName)で連結"
                }
                if role == .threePrime && !productive {
                    notes.append("\(entry.drug) (\(entry.gene)): not matched, the fusion is \(fusion.frame.rawValue)")
                    continue
                }
                if role == .fivePrime && fusion.frame == .outOfFrame && entry.requiredDomain == .kinase {
                    check += " (5′ partner; frame does not affect it)"
                    checkJapanese += "（5′側パートナーのため読み枠の影響なし）"
                }
                let tier = tierFor(entry, tumourType: tumour)
                result.append(
                    TherapyEvidence(
                        drug: entry.drug, gene: entry.gene, context: entry.context, level: entry.level, tier: tier.tier, tierReason: tier.reason,
                        reference: entry.reference, pmids: [], matchLevel: entry.partner == nil ? "gene" : "pair", domainCheck: check,
                        domainCheckOutcome: outcome, domainCheckJapanese: checkJapanese, tierReasonJapanese: tier.reasonJapanese))
                seenDrugs.insert(entry.drug.lowercased())
            }
        }
        // DGIdb interactions: only for partners whose kinase domain is kept (the interaction's target), listed
        // after the curated entries and never for a drug already listed.
        for (partner, role) in [(fusion.fivePrime, PartnerRole.fivePrime), (fusion.threePrime, .threePrime)] {
            guard let kinase = MechanismClassifier.classified(partner, role: role, fusion: fusion).first(where: { $0.cls == .kinase && $0.kept }) else { continue }
            if role == .threePrime && !productive { continue }
            let candidates = interactions(partner.gene).filter { i in
                let type = i.interaction.lowercased()
                // An inhibitor, or (type not stated) a drug named as a kinase inhibitor (-tinib/-nib): the kinase is its target.
                let inhibitor = type.contains("inhibitor") || (type.isEmpty && i.drug.lowercased().hasSuffix("nib"))
                // A salt or formulation of a drug already listed (`imatinib mesylate`) is the same drug.
                let name = i.drug.lowercased()
                return inhibitor && !seenDrugs.contains { name == $0 || name.hasPrefix($0 + " ") }
            }
            let ranked = candidates.sorted { ($0.pmids.count, $1.drug) > ($1.pmids.count, $0.drug) }.prefix(interactionLimit)
            for i in ranked {
                seenDrugs.insert(i.drug.lowercased())
                result.append(
                    TherapyEvidence(
                        drug: i.drug.lowercased(), gene: partner.gene, context: "drug–gene interaction with \(partner.gene)\(i.interaction.isEmpty ? "" : " (\(i.interaction))"); not fusion-specific",
                        level: "drug–gene interaction", tier: TherapyEvidence.notTiered,
                        tierReason: "interaction database record, not a fusion-specific clinical result",
                        reference: i.source + (i.claimSources.isEmpty ? "" : " (\(i.claimSources))"), pmids: Array(i.pmids.prefix(5)), matchLevel: "gene",
                        domainCheck: "\(partner.gene) \(kinase.domain.domain.name) kept",
                        contextJapanese: "\(partner.gene)との薬剤–遺伝子相互作用\(i.interaction.isEmpty ? "" : "（\(i.interaction)）")；融合特異的な記録ではない",
                        domainCheckJapanese: "\(partner.gene) \(kinase.domain.domain.name) 保持",
                        tierReasonJapanese: "相互作用データベースの記録であり、融合特異的な臨床結果ではない"))
            }
        }
        return (result, notes)
    }

    /// AMP/ASCO/CAP tier of a curated entry: I-A when the label covers the patient's tumour type (or is tissue-agnostic),
    /// II-C when it is approved in another tumour type; without a tumour type, conditional. The reason names the
    /// term of the tumour type that decided it.
    static func tierFor(_ entry: TherapyEntry, tumourType: TumourTypeText?) -> (tier: String, reason: String, reasonJapanese: String) {
        if entry.tumourAgnostic { return ("I-A", "tissue-agnostic FDA approval for this fusion", "この融合に対する臓器横断的（tissue-agnostic）なFDA承認") }
        guard let tumourType else {
            return (
                "I-A / II-C", "I-A if the tumour is of the labelled type, II-C otherwise (tumour type not given)",
                "腫瘍が承認対象のがん種であればI-A、そうでなければII-C（がん種の指定なし）"
            )
        }
        switch entry.tumourTypes.match(tumourType) {
        case .covered(let keyword):
            return ("I-A", "FDA label for this tumour type (“\(keyword)”)", "このがん種に対するFDA承認（「\(keyword)」）")
        case .excluded(let term):
            return (
                "II-C", "FDA-approved in another tumour type (“\(term)” is not covered)",
                "他のがん種でFDA承認（「\(term)」は対象外）"
            )
        case .notCovered(let site?):
            return (
                "II-C", "FDA-approved in another tumour type (“\(site)” read as a metastatic site)",
                "他のがん種でFDA承認（「\(site)」は転移部位と解釈）"
            )
        case .notCovered(nil):
            return ("II-C", "FDA-approved in another tumour type", "他のがん種でFDA承認")
        }
    }
}
