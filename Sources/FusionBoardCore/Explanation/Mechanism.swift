/// The fixed mechanism vocabulary (docs/EXPLANATION.md).
public enum MechanismClass: String, Sendable, Codable, Hashable, CaseIterable {
    /// A kinase domain is kept and the partner supplies oligomerisation, or the kinase's regulatory part is lost.
    case kinaseActivation = "kinase_activation"
    /// The DNA-binding domain of one partner joined to the transactivation/regulatory part of the other.
    case transcriptionFactorChimera = "transcription_factor_chimera"
    /// A partner's promoter/5′UTR drives the other partner's coding sequence.
    case promoterSwap = "promoter_swap"
    /// The breakpoint truncates a tumour suppressor's coding sequence, or joins it out of frame.
    case tumourSuppressorDisruption = "tumour_suppressor_disruption"
    /// Read-through of adjacent genes, normal-tissue recurrent, paralogs, or no coding effect.
    case likelyPassenger = "likely_passenger"
    /// No rule applies, or the evidence it needs is absent.
    case uncertain
}

/// One reason behind a mechanism call, with the evidence items it rests on.
public struct MechanismReason: Sendable, Codable, Hashable {
    /// Machine code: kinase_retained, partner_oligomerisation, regulatory_part_lost, dna_binding_retained,
    /// partner_regulatory_part, promoter_only, read_through, adjacent_same_strand, normal_tissue, paralog,
    /// no_coding_effect, out_of_frame, tumour_suppressor_truncated, no_rule.
    public var code: String
    /// The gene the reason is about (nil for pair-level reasons).
    public var gene: String?
    /// Domain labels the reason names.
    public var domains: [String]
    /// Evidence keys the reason rests on.
    public var evidence: [String]
}

/// The mechanism assigned to a fusion and the evidence that decided it.
public struct Mechanism: Sendable, Codable, Hashable {
    public var mechanismClass: MechanismClass
    public var reasons: [MechanismReason]
    /// Every evidence key the decision used.
    public var evidence: [String] { var seen: Set<String> = []; return reasons.flatMap(\.evidence).filter { seen.insert($0).inserted } }

    enum CodingKeys: String, CodingKey { case mechanismClass = "class", reasons }
}

/// Assigns a `Mechanism` from the candidate's structure and evidence. Rules are tried in order: likely passenger,
/// promoter swap, kinase activation, transcription-factor chimera, tumour-suppressor disruption, else uncertain.
public enum MechanismClassifier {
    /// A domain counts as kept when at least this fraction of its residues is in the fusion protein.
    static let keptFraction = 0.9

    struct Classified {
        var domain: RetainedDomain
        var cls: DomainClass
        var kept: Bool { domain.fractionKept >= MechanismClassifier.keptFraction }
    }

    static func classified(_ partner: FusionPartner, role: PartnerRole, fusion: FusionCandidate) -> [Classified] {
        let residues = FactBuilder.keptResidues(partner, role: role, fusion: fusion)
        return FactBuilder.domainFates(partner, residues: residues).map { Classified(domain: $0, cls: DomainVocabulary.classify($0.domain)) }
            .sorted { DomainVocabulary.preference($0.domain.domain) < DomainVocabulary.preference($1.domain.domain) }
    }

    /// The gene's roles as lower-case words (`oncogene`, `tumour suppressor`) and the items they come from; nil
    /// when no role source was in the knowledge base. Reads either one text item or one flag item per role.
    static func roles(_ facts: ExplanationFacts, _ side: PartnerRole) -> (text: String, keys: [String])? {
        if let item = facts.first(EvidenceKeys.role(side)), !item.value.isUnknown { return (item.value.description.lowercased(), [item.key]) }
        let flags = [(EvidenceKeys.oncogene(side), "oncogene"), (EvidenceKeys.tumourSuppressor(side), "tumour suppressor")]
            .compactMap { key, word in facts[key].flatMap { $0.value.isUnknown ? nil : ($0, word) } }
        guard !flags.isEmpty else { return nil }
        let words = flags.filter { $0.0.value.isPositive }.map(\.1)
        return (words.isEmpty ? "neither oncogene nor tumour suppressor" : words.joined(separator: ", "), flags.map(\.0.key))
    }

    public static func classify(fusion: FusionCandidate, facts: ExplanationFacts, deNovo: Bool) -> Mechanism {
        var mechanism = classifyCore(fusion: fusion, facts: facts, deNovo: deNovo)
        // Adjacent same-strand partners with a functional structure: the class stands, with the adjacency as a caveat
        // (a read-through transcript would look the same).
        if fusion.adjacentSameStrand && mechanism.mechanismClass != .likelyPassenger {
            let keys = ["structure.adjacent_same_strand"] + (facts.first(EvidenceKeys.adjacent).map { [$0.key] } ?? [])
            mechanism.reasons.append(MechanismReason(code: "adjacent_same_strand_caveat", gene: nil, domains: [], evidence: keys))
        }
        return mechanism
    }

    static func classifyCore(fusion: FusionCandidate, facts: ExplanationFacts, deNovo: Bool) -> Mechanism {
        let p5 = fusion.fivePrime, p3 = fusion.threePrime
        let d5 = classified(p5, role: .fivePrime, fusion: fusion), d3 = classified(p3, role: .threePrime, fusion: fusion)
        let known = deNovo ? nil : facts.first(EvidenceKeys.knownFusion).flatMap { $0.value.isPositive ? $0 : nil }

        // 1. Likely passenger.
        var passenger: [MechanismReason] = []
        if let item = facts.first(EvidenceKeys.readThrough), item.value.isPositive {
            passenger.append(MechanismReason(code: "read_through", gene: nil, domains: [], evidence: [item.key]))
        }
        if let item = facts.first(EvidenceKeys.paralog), item.value.isPositive {
            passenger.append(MechanismReason(code: "paralog", gene: nil, domains: [], evidence: [item.key]))
        }
        if let item = facts.first(EvidenceKeys.normalTissue), item.value.isPositive, known == nil {
            passenger.append(MechanismReason(code: "normal_tissue", gene: nil, domains: [], evidence: [item.key]))
        }
        if fusion.frame == .nonCoding {
            passenger.append(MechanismReason(code: "no_coding_effect", gene: nil, domains: [], evidence: ["reading_frame"]))
        }
        // A recorded read-through, a paralog pair or a normal-tissue fusion is a passenger whatever it keeps.
        var adjacency: [MechanismReason] = []
        if fusion.adjacentSameStrand {
            let keys = ["structure.adjacent_same_strand"] + (facts.first(EvidenceKeys.adjacent).map { [$0.key] } ?? [])
            adjacency.append(MechanismReason(code: "adjacent_same_strand", gene: nil, domains: [], evidence: keys))
        }
        let strongArtefact = passenger.contains { ["read_through", "paralog", "normal_tissue"].contains($0.code) }
        if strongArtefact { return Mechanism(mechanismClass: .likelyPassenger, reasons: adjacency + passenger) }
        // Adjacent same-strand genes (read-through-like) are a passenger unless the joining keeps a kinase or DNA-binding
        // domain in a productive frame (e.g. STIL::TAL1 from a small deletion), or, outside de novo mode, the pair is a known fusion.
        if fusion.adjacentSameStrand {
            let productive = fusion.frame == .inFrame || fusion.frame == .utr5ToCDS || FactBuilder.promoterLike(fusion)
            let functional = (d5 + d3).contains { $0.kept && ($0.cls == .kinase || $0.cls == .dnaBinding) }
            if known == nil && !(productive && functional) { return Mechanism(mechanismClass: .likelyPassenger, reasons: adjacency + passenger) }
        }

        // 2. Promoter swap: the 5′ partner gives only promoter/5′UTR; the 3′ partner's coding sequence follows.
        if FactBuilder.promoterLike(fusion) {
            var reasons = [
                MechanismReason(
                    code: p5.codingBasesKept == 0 ? "promoter_only" : "promoter_few_codons", gene: p5.gene, domains: [],
                    evidence: ["reading_frame", "structure.exons", "structure.residues_5p"])
            ]
            let kept3 = d3.filter { $0.kept && $0.cls != .other }.map(\.domain.domain.name)
            reasons.append(
                MechanismReason(code: "coding_sequence_kept", gene: p3.gene, domains: unique(kept3), evidence: ["structure.residues_3p", "structure.domains_kept_3p"]))
            if let role = roles(facts, .threePrime), role.text.contains("oncogene") {
                reasons.append(MechanismReason(code: "oncogene_partner", gene: p3.gene, domains: [], evidence: role.keys))
            }
            return Mechanism(mechanismClass: .promoterSwap, reasons: reasons)
        }

        let productive = fusion.frame == .inFrame || fusion.frame == .utr5ToCDS
        // 3. Kinase activation.
        if productive {
            for (kinasePartner, kinaseRole, kinaseDomains, other, otherRole, otherDomains) in [
                (p3, PartnerRole.threePrime, d3, p5, PartnerRole.fivePrime, d5), (p5, .fivePrime, d5, p3, .threePrime, d3),
            ] {
                guard let kinase = kinaseDomains.first(where: { $0.cls == .kinase && $0.kept }) else { continue }
                let ks = FactBuilder.side(kinaseRole), os = FactBuilder.side(otherRole)
                var reasons = [
                    MechanismReason(
                        code: "kinase_retained", gene: kinasePartner.gene, domains: [kinase.domain.domain.name],
                        evidence: ["structure.domains_kept_\(ks)", "reading_frame"])
                ]
                let oligo = otherDomains.filter { $0.cls == .oligomerisation && $0.kept }.map(\.domain.domain.name)
                if !oligo.isEmpty {
                    reasons.append(
                        MechanismReason(code: "partner_oligomerisation", gene: other.gene, domains: unique(oligo), evidence: ["structure.domains_kept_\(os)"]))
                }
                let otherResidues = FactBuilder.keptResidues(other, role: otherRole, fusion: fusion)
                let motors = otherDomains.filter { d in
                    d.cls == .kinesinMotor && d.kept
                        && DomainVocabulary.oligomerises(d.domain.domain, keptResidues: otherResidues, fivePrime: otherRole == .fivePrime)
                }
                if oligo.isEmpty && !motors.isEmpty {
                    reasons.append(
                        MechanismReason(
                            code: "partner_kinesin_coiled_coil", gene: other.gene, domains: unique(motors.map(\.domain.domain.name)),
                            evidence: ["structure.domains_kept_\(os)", "structure.residues_\(os)"]))
                }
                // The kinase partner's own regulatory part: domains on the far side of the junction that are lost.
                let lostRegulatory = kinaseDomains.filter { !$0.kept && $0.cls != .kinase }.map(\.domain.domain.name)
                if !lostRegulatory.isEmpty {
                    reasons.append(
                        MechanismReason(
                            code: "regulatory_part_lost", gene: kinasePartner.gene, domains: unique(lostRegulatory), evidence: ["structure.domains_lost_\(ks)"]))
                } else if let r = FactBuilder.keptResidues(kinasePartner, role: kinaseRole, fusion: fusion),
                    kinaseRole == .threePrime ? r.lowerBound > 1 : r.upperBound < kinasePartner.transcript.proteinLength
                {
                    reasons.append(MechanismReason(code: "regulatory_part_lost", gene: kinasePartner.gene, domains: [], evidence: ["structure.residues_\(ks)"]))
                }
                if reasons.count > 1 { return Mechanism(mechanismClass: .kinaseActivation, reasons: reasons) }
            }
        }

        // 4. Transcription-factor chimera: one partner's DNA-binding domain with the other partner's coding part.
        if fusion.frame == .inFrame {
            for (tf, tfRole, tfDomains, other, otherRole, otherDomains) in [
                (p3, PartnerRole.threePrime, d3, p5, PartnerRole.fivePrime, d5), (p5, .fivePrime, d5, p3, .threePrime, d3),
            ] {
                guard let dbd = tfDomains.first(where: { $0.cls == .dnaBinding && $0.kept }), other.codingBasesKept >= 30 else { continue }
                let ts = FactBuilder.side(tfRole), os = FactBuilder.side(otherRole)
                var reasons = [
                    MechanismReason(code: "dna_binding_retained", gene: tf.gene, domains: [dbd.domain.domain.name], evidence: ["structure.domains_kept_\(ts)", "reading_frame"])
                ]
                let otherLost = otherDomains.filter { !$0.kept }.map(\.domain.domain.name)
                // Both partners may keep a DNA-binding domain (PAX8::PPARG): a chimera of two transcription factors.
                let otherDNABinding = otherDomains.filter { $0.cls == .dnaBinding && $0.kept }.map(\.domain.domain.name)
                if !otherDNABinding.isEmpty {
                    reasons.append(
                        MechanismReason(code: "partner_dna_binding_retained", gene: other.gene, domains: unique(otherDNABinding), evidence: ["structure.domains_kept_\(os)"]))
                }
                reasons.append(
                    MechanismReason(
                        code: "partner_regulatory_part", gene: other.gene, domains: unique(otherLost),
                        evidence: ["structure.residues_\(os)", "structure.domains_lost_\(os)"]))
                return Mechanism(mechanismClass: .transcriptionFactorChimera, reasons: reasons)
            }
        }

        // 5. Tumour-suppressor disruption: a gene recorded as tumour suppressor and not as oncogene (dual-role genes
        // are left to the other rules), whose coding sequence the junction breaks: out of frame, no coding junction,
        // or annotated domains of the suppressor lost.
        for (partner, role, domains) in [(p5, PartnerRole.fivePrime, d5), (p3, .threePrime, d3)] {
            guard let r = roles(facts, role), !r.text.hasPrefix("neither"), !r.text.contains("oncogene"),
                r.text.contains("tumour") || r.text.contains("tumor") || r.text.contains("suppressor") || r.text.contains("tsg")
            else { continue }
            let lostDomains = domains.filter { !$0.kept }.map(\.domain.domain.name)
            let side = FactBuilder.side(role)
            if fusion.frame == .outOfFrame || fusion.frame == .nonCoding {
                return Mechanism(
                    mechanismClass: .tumourSuppressorDisruption,
                    reasons: [
                        MechanismReason(
                            code: "tumour_suppressor_truncated", gene: partner.gene, domains: unique(lostDomains),
                            evidence: r.keys + ["reading_frame", "structure.residues_\(side)"])
                    ])
            }
            if !lostDomains.isEmpty {
                return Mechanism(
                    mechanismClass: .tumourSuppressorDisruption,
                    reasons: [
                        MechanismReason(
                            code: "tumour_suppressor_truncated", gene: partner.gene, domains: unique(lostDomains),
                            evidence: r.keys + ["reading_frame", "structure.residues_\(side)", "structure.domains_lost_\(side)"])
                    ])
            }
        }
        if !passenger.isEmpty { return Mechanism(mechanismClass: .likelyPassenger, reasons: passenger) }
        if fusion.frame == .outOfFrame {
            return Mechanism(
                mechanismClass: .uncertain, reasons: [MechanismReason(code: "out_of_frame", gene: nil, domains: [], evidence: ["reading_frame"])])
        }
        if p5.domains.isEmpty && p3.domains.isEmpty {
            return Mechanism(
                mechanismClass: .uncertain,
                reasons: [MechanismReason(code: "domains_absent", gene: nil, domains: [], evidence: ["structure.domains_kept_5p", "structure.domains_kept_3p"])])
        }
        return Mechanism(
            mechanismClass: .uncertain,
            reasons: [MechanismReason(code: "no_rule", gene: nil, domains: [], evidence: ["reading_frame", "structure.domains_kept_5p", "structure.domains_kept_3p"])])
    }

    static func unique(_ names: [String]) -> [String] {
        var seen: Set<String> = []
        return names.filter { seen.insert($0).inserted }
    }
}
