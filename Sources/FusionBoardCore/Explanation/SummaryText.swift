/// Language of the explanation text.
public enum ExplanationLanguage: String, Sendable, Codable, Hashable, CaseIterable {
    case en
    case ja
}

/// One sentence of a summary and the evidence keys its facts come from.
public struct ExplanationSentence: Sendable, Codable, Hashable {
    public var text: String
    public var evidence: [String]
}

/// Writes the deterministic summary: a few sentences a board member would write, every fact from a cited item.
struct SummaryWriter {
    let fusion: FusionCandidate
    let facts: ExplanationFacts
    let mechanism: Mechanism
    let deNovo: Bool
    let language: ExplanationLanguage
    /// The score's contributions (their feature groups name them in the score sentence).
    var contributions: [Contribution] = []

    var ja: Bool { language == .ja }
    var g5: String { fusion.fivePrime.gene }
    var g3: String { fusion.threePrime.gene }

    func sentences() -> [ExplanationSentence] {
        var out: [ExplanationSentence] = [mechanismSentence()]
        if let caveat = reason("adjacent_same_strand_caveat") {
            let chrom = fusion.breakend5.position.chromosome
            out.append(
                ExplanationSentence(
                    text: ja ? "注意：\(g5)と\(g3)は\(Int(chrom) != nil ? "\(chrom)番" : chrom)染色体の同一鎖上で隣接しており、リードスルー転写でも同じ連結が生じうる。"
                        : "Caveat: \(g5) and \(g3) are adjacent genes on the same strand of chromosome \(chrom); a read-through transcript would join them the same way.",
                    evidence: caveat.evidence))
        }
        out.append(structureSentence())
        out.append(contentsOf: literatureSentences())
        if let s = rolesSentence() { out.append(s) }
        out.append(normalTissueSentence())
        if let s = scoreSentence() { out.append(s) }
        return out
    }

    // MARK: mechanism

    func reason(_ code: String) -> MechanismReason? { mechanism.reasons.first { $0.code == code } }

    func list(_ items: [String]) -> String {
        if ja { return items.joined(separator: "、") }
        switch items.count {
        case 0: return ""
        case 1: return items[0]
        default: return items.dropLast().joined(separator: ", ") + " and " + items[items.count - 1]
        }
    }

    func partner(_ role: PartnerRole) -> FusionPartner { role == .fivePrime ? fusion.fivePrime : fusion.threePrime }

    /// Residues kept, as the `structure.residues_*` item states them (`aa 1–575 of 963`; Japanese `aa 1–575（全963アミノ酸）`).
    func residues(_ role: PartnerRole) -> String {
        let p = partner(role)
        guard let r = FactBuilder.keptResidues(p, role: role, fusion: fusion) else { return ja ? "なし" : "none" }
        return ja ? "aa \(r.lowerBound)–\(r.upperBound)（全\(p.transcript.proteinLength)アミノ酸）" : "aa \(r.lowerBound)–\(r.upperBound) of \(p.transcript.proteinLength)"
    }

    /// Domains kept (or lost/truncated) on one side, as the `structure.domains_*` items list them.
    func domainText(_ role: PartnerRole, kept: Bool) -> String {
        let p = partner(role)
        let fates = FactBuilder.domainFates(p, residues: FactBuilder.keptResidues(p, role: role, fusion: fusion)).filter { ($0.fate == .retained) == kept }
        if fates.isEmpty { return ja ? "なし" : "none" }
        if !ja { return FactBuilder.domainList(fates) }
        var seen: Set<String> = []
        return fates.filter { seen.insert($0.domain.name).inserted }.map { d in
            d.fate == .retained ? d.domain.name : "\(d.domain.name)（保持\(FactBuilder.percent(d.fractionKept))）"
        }.joined(separator: "、")
    }

    func exonsText(_ role: PartnerRole) -> String {
        guard let r = partner(role).keptExons else { return "?" }
        if ja { return "エクソン\(FactBuilder.range(in: r))" }
        return r.lowerBound == r.upperBound ? "exon \(r.lowerBound)" : "exons \(FactBuilder.range(in: r))"
    }

    func mechanismSentence() -> ExplanationSentence {
        let keys = mechanism.evidence
        let name = fusion.name
        switch mechanism.mechanismClass {
        case .kinaseActivation:
            let k = reason("kinase_retained")
            let kinaseGene = k?.gene ?? g3, kinaseDomain = k?.domains.first ?? "?"
            let other = kinaseGene == g5 ? g3 : g5
            var parts: [String] = []
            if let o = reason("partner_oligomerisation") {
                parts.append(ja ? "\(other)は自己会合（オリゴマー形成）に働く\(list(o.domains))を提供する" : "\(other) contributes its \(list(o.domains)) oligomerisation module")
            } else if let m = reason("partner_kinesin_coiled_coil") {
                parts.append(
                    ja ? "\(other)はキネシンモーター（\(list(m.domains))）とその後に続く領域を保持し、キネシン重鎖を二量体化させるコイルドコイル領域を含むと推定される"
                        : "\(other) keeps its kinesin motor (\(list(m.domains))) and the residues after it, where kinesin heavy chains carry the coiled-coil that dimerises them")
            }
            if let r = reason("regulatory_part_lost") {
                if r.domains.isEmpty {
                    parts.append(ja ? "\(kinaseGene)自身の制御領域は失われている（保持は\(residues(kinaseGene == g5 ? .fivePrime : .threePrime))）" : "\(kinaseGene)'s own regulatory part is lost (kept: \(residues(kinaseGene == g5 ? .fivePrime : .threePrime)))")
                } else {
                    parts.append(ja ? "\(kinaseGene)自身の制御領域（\(list(r.domains))）は失われている" : "\(kinaseGene)'s own regulatory part (\(list(r.domains))) is lost")
                }
            }
            if ja {
                return ExplanationSentence(
                    text: "\(name)はキナーゼ活性化型と判断される。融合産物は\(kinaseGene)のキナーゼドメイン（\(kinaseDomain)）を\(frameJA())で保持する。\(parts.enumerated().map { ($0.offset == 0 ? "" : "また、") + $0.element + "。" }.joined())\(other)との融合により\(kinaseGene)キナーゼは本来の制御を離れて活性化し、細胞の生存・増殖シグナルを駆動すると考えられる。",
                    evidence: keys)
            }
            return ExplanationSentence(
                text: "Mechanism: kinase activation. \(name) keeps the \(kinaseGene) kinase domain (\(kinaseDomain)) \(frameEN()); \(parts.joined(separator: ", and ")). Fusion to \(other) thus activates the \(kinaseGene) kinase outside its normal control, driving survival and proliferation signalling.",
                evidence: keys)
        case .transcriptionFactorChimera:
            let d = reason("dna_binding_retained"), p = reason("partner_regulatory_part")
            let tf = d?.gene ?? g3, dbd = d?.domains.first ?? "?"
            let other = tf == g5 ? g3 : g5
            let otherRole: PartnerRole = other == g5 ? .fivePrime : .threePrime
            let lost = p?.domains ?? []
            let partnerDBD = reason("partner_dna_binding_retained")?.domains ?? []
            if ja {
                return ExplanationSentence(
                    text: "\(name)はキメラ転写因子型と判断される。\(tf)のDNA結合ドメイン（\(dbd)）が\(frameJA())で保持され、\(other)の\(residues(otherRole))と連結している\(lost.isEmpty ? "" : "（\(other)の\(list(lost))は失われる）")。\(partnerDBD.isEmpty ? "" : "\(other)側も自身のDNA結合ドメイン（\(list(partnerDBD))）を保持する。")\(other)由来の転写活性化・制御領域のもとで、\(tf)の標的遺伝子の転写が異常に制御されると考えられる。",
                    evidence: keys)
            }
            return ExplanationSentence(
                text: "Mechanism: chimeric transcription factor. \(name) keeps the \(tf) DNA-binding domain (\(dbd)) \(frameEN()) and joins it to \(other) \(residues(otherRole))\(lost.isEmpty ? "" : ", whose \(list(lost)) \(lost.count == 1 ? "is" : "are") lost")\(partnerDBD.isEmpty ? "" : "; \(other) keeps its own DNA-binding domain (\(list(partnerDBD)))"). The chimera binds \(tf)'s DNA targets under the transactivation and regulatory part that \(other) contributes.",
                evidence: keys)
        case .promoterSwap:
            let c = reason("coding_sequence_kept")
            let exons3 = fusion.threePrime.keptExons.map { FactBuilder.range(in: $0) } ?? "?"
            let exons5 = fusion.fivePrime.keptExons.map { FactBuilder.range(in: $0) } ?? "?"
            let domains = c?.domains ?? []
            let onco = reason("oncogene_partner") != nil
            let firstExon = reason("promoter_few_codons") != nil
            // How the 3′ coding sequence is translated: from its own start codon (kept), read in frame from the 5′
            // partner's few codons, or (its start codon lost, no 5′ codons) from a start codon within the kept exons.
            let ownStart = FactBuilder.keepsOwnStartCodon(fusion.threePrime)
            let inFrame = firstExon && !ownStart
            if ja {
                let what5 = firstExon
                    ? "プロモーターとエクソン\(exons5)のみ（コード領域は\(residues(.fivePrime))、読み枠：\(frameJA())）"
                    : "プロモーターと5′非翻訳領域（エクソン\(exons5)）のみ"
                let translation = ownStart
                    ? "\(g3)自身の開始コドンから翻訳される"
                    : inFrame
                        ? "\(g5)の開始コドンから読み枠を保って\(g3)部分まで翻訳される（タンパク質の大部分は\(g3)由来）"
                        : "翻訳されうる。ただし\(g3)本来の開始コドンは保持されないため、保持エクソン内の別の開始コドンが必要である"
                return ExplanationSentence(
                    text: "\(name)はプロモーター置換型と判断される。\(g5)は\(what5)を提供し、\(g3)\(onco ? "（がん遺伝子）" : "")のコード領域（エクソン\(exons3)、\(residues(.threePrime))\(domains.isEmpty ? "" : "、\(list(domains))を含む")）が\(g5)のプロモーター制御下で\(translation)と考えられる。",
                    evidence: keys)
            }
            let what5 = firstExon
                ? "only its promoter and \(exonsText(.fivePrime)) (coding \(residues(.fivePrime)), reading frame \(fusion.frame.rawValue))"
                : "only its promoter and 5′ untranslated sequence (\(exonsText(.fivePrime)))"
            let translation = ownStart
                ? "translated from the \(g3) start codon, which is kept"
                : inFrame
                    ? "translated from the \(g5) start codon and read in frame into \(g3), so the protein is mostly \(g3)'s"
                    : "translated only from a start codon within the kept \(g3) exons, since the \(g3) start codon itself is not kept"
            return ExplanationSentence(
                text: "Mechanism: promoter swap. \(g5) contributes \(what5), so the coding sequence of \(g3)\(onco ? " (an oncogene)" : "") in \(exonsText(.threePrime)) (\(residues(.threePrime))\(domains.isEmpty ? "" : ", with \(list(domains))")) is expressed under the \(g5) promoter, \(translation).",
                evidence: keys)
        case .tumourSuppressorDisruption:
            let t = reason("tumour_suppressor_truncated")
            let gene = t?.gene ?? g5
            let roleText = MechanismClassifier.roles(facts, gene == g5 ? .fivePrime : .threePrime)?.text ?? "tumour suppressor"
            if ja {
                return ExplanationSentence(
                    text: "\(name)はがん抑制遺伝子破壊型と判断される。切断点は\(gene)（\(roleJA(roleText))）のコード領域を分断し\(t?.domains.isEmpty == false ? "（\(list(t?.domains ?? []))を失う）" : "")（読み枠：\(frameJA())）、\(gene)の機能喪失をもたらすと考えられる。",
                    evidence: keys)
            }
            return ExplanationSentence(
                text: "Mechanism: tumour-suppressor disruption. The breakpoint truncates the coding sequence of \(gene) (recorded as \(roleText))\(t?.domains.isEmpty == false ? ", which loses \(list(t?.domains ?? []))" : ""); the junction is \(fusion.frame.rawValue), so loss of \(gene) function is the likely effect.",
                evidence: keys)
        case .likelyPassenger:
            let reasons = mechanism.reasons.map { passengerReason($0) }
            if ja {
                return ExplanationSentence(text: "\(name)はパッセンジャー（非ドライバー）の可能性が高い：\(list(reasons))。", evidence: keys)
            }
            return ExplanationSentence(text: "Mechanism: likely passenger. \(list(reasons)).", evidence: keys)
        case .uncertain:
            let outOfFrame = reason("out_of_frame") != nil
            if reason("domains_absent") != nil {
                return ExplanationSentence(
                    text: ja ? "\(name)の機序は判定できない。いずれのパートナーにもドメイン情報がなく、キナーゼ・DNA結合ドメインの保持を評価できない。"
                        : "Mechanism: uncertain. Neither partner has domain annotation, so kinase or DNA-binding domains cannot be assessed.",
                    evidence: keys)
            }
            if ja {
                return ExplanationSentence(
                    text: outOfFrame
                        ? "\(name)の機序は判定できない。連結はアウトオブフレームで、キナーゼ・DNA結合ドメインの保持やプロモーター置換のパターンに当てはまらない。"
                        : "\(name)の機序は現時点のエビデンスからは判定できない（キナーゼ・DNA結合ドメインの保持やプロモーター置換のパターンに当てはまらない）。",
                    evidence: keys)
            }
            return ExplanationSentence(
                text: outOfFrame
                    ? "Mechanism: uncertain. The junction is out of frame and fits no kinase, DNA-binding or promoter-swap pattern."
                    : "Mechanism: uncertain. The evidence fits no kinase, DNA-binding or promoter-swap pattern.",
                evidence: keys)
        }
    }

    func passengerReason(_ r: MechanismReason) -> String {
        let chrom = fusion.breakend5.position.chromosome
        switch r.code {
        case "adjacent_same_strand":
            return ja ? "\(g5)と\(g3)は\(Int(chrom) != nil ? "\(chrom)番" : chrom)染色体の同一鎖上で隣接する遺伝子であり、リードスルー転写に相当する連結である"
                : "\(g5) and \(g3) are adjacent genes on the same strand of chromosome \(chrom), a read-through-like joining"
        case "read_through":
            let item = r.evidence.first.flatMap { facts[$0] }
            let src = item.map { list($0.sources) } ?? ""
            return ja ? "リードスルー（隣接遺伝子の連結転写）として記録されている（\(src)）" : "the pair is recorded as a read-through (\(src))"
        case "paralog":
            let item = r.evidence.first.flatMap { facts[$0] }
            return ja ? "両遺伝子はパラログである（\(item.map { list($0.sources) } ?? "")）" : "the partners are paralogs (\(item.map { list($0.sources) } ?? ""))"
        case "normal_tissue":
            let item = r.evidence.first.flatMap { facts[$0] }
            return ja ? "正常組織で検出される融合として記録されている（\(item.map { "\($0.value.description)、\(list($0.sources))" } ?? "")）"
                : "the pair is recorded in normal tissue (\(item.map { "\($0.value.description); \(list($0.sources))" } ?? ""))"
        case "no_coding_effect":
            return ja ? "コード配列が連結されない（読み枠：非コード）" : "the junction joins no coding sequence (frame: non-coding)"
        default:
            return r.code
        }
    }

    func frameEN() -> String {
        switch fusion.frame {
        case .inFrame: "in frame"
        case .outOfFrame: "out of frame"
        case .utr5ToCDS: "with its own start codon (5′UTR→CDS)"
        case .nonCoding: "without a coding junction"
        case .unknown: "(reading frame not determinable)"
        }
    }

    func frameJA() -> String {
        switch fusion.frame {
        case .inFrame: "インフレーム"
        case .outOfFrame: "アウトオブフレーム"
        case .utr5ToCDS: "自身の開始コドンから翻訳される形（5′UTR→CDS）"
        case .nonCoding: "非コード"
        case .unknown: "判定不能な読み枠"
        }
    }

    func roleJA(_ text: String) -> String {
        let t = text.lowercased()
        if t.hasPrefix("neither") { return "がん遺伝子・がん抑制遺伝子のいずれとも判定されない" }
        var parts: [String] = []
        if t.contains("oncogene") { parts.append("がん遺伝子") }
        if t.contains("suppressor") || t.contains("tsg") { parts.append("がん抑制遺伝子") }
        if t.contains("fusion") { parts.append("融合遺伝子パートナー") }
        if t.contains("driver") { parts.append("ドライバー") }
        return parts.isEmpty ? text : parts.joined(separator: "・")
    }

    // MARK: structure

    func structureSentence() -> ExplanationSentence {
        let keys = ["structure.exons", "reading_frame", "structure.domains_kept_5p", "structure.domains_kept_3p", "structure.domains_lost_5p", "structure.domains_lost_3p"]
        let noDomains = fusion.fivePrime.domains.isEmpty && fusion.threePrime.domains.isEmpty
        let k5 = domainText(.fivePrime, kept: true), k3 = domainText(.threePrime, kept: true)
        let l5 = domainText(.fivePrime, kept: false), l3 = domainText(.threePrime, kept: false)
        if ja {
            let domainText = noDomains ? "ドメイン情報は知識ベースにない。" : "保持されるドメインは\(g5)：\(k5)、\(g3)：\(k3)。失われる（一部欠失を含む）ドメインは\(g5)：\(l5)、\(g3)：\(l3)。"
            return ExplanationSentence(
                text: "構造：\(g5)の\(exonsText(.fivePrime))が\(g3)の\(exonsText(.threePrime))に連結している（読み枠：\(frameJA())）。\(domainText)", evidence: keys)
        }
        let domainText = noDomains ? "No domain annotation is available for either partner." : "Domains kept: \(g5) \(k5); \(g3) \(k3). Lost or truncated: \(g5) \(l5); \(g3) \(l3)."
        return ExplanationSentence(
            text: "Structure: \(g5) \(exonsText(.fivePrime)) joined to \(g3) \(exonsText(.threePrime)), reading frame \(fusion.frame.rawValue). \(domainText)", evidence: keys)
    }

    // MARK: literature

    func pmidList(_ pmids: [Int], limit: Int = 3) -> String {
        pmids.prefix(limit).map(String.init).joined(separator: ", ")
    }

    func literatureSentences() -> [ExplanationSentence] {
        var out: [ExplanationSentence] = []
        let c5 = facts.first(EvidenceKeys.pubmed(.fivePrime)), c3 = facts.first(EvidenceKeys.pubmed(.threePrime)), co = facts.first(EvidenceKeys.cocitation)
        if let c5, let c3, !c5.value.isUnknown, !c3.value.isUnknown {
            let coText: String
            if let co, !co.value.isUnknown {
                let pm = co.pmids.isEmpty ? "" : (ja ? "（PMID \(pmidList(co.pmids))など）" : " (e.g. PMID \(pmidList(co.pmids)))")
                coText = ja ? "、両遺伝子を共に扱う記録\(co.value.description)件\(pm)" : ", and \(co.value.description) cite both genes\(pm)"
            } else {
                coText = ""
            }
            let keys = [c5.key, c3.key] + (co.map { [$0.key] } ?? [])
            out.append(
                ExplanationSentence(
                    text: ja ? "文献：PubMed記録は\(g5)が\(c5.value.description)件、\(g3)が\(c3.value.description)件\(coText)。"
                        : "Literature: PubMed holds \(c5.value.description) records on \(g5) and \(c3.value.description) on \(g3)\(coText).",
                    evidence: keys))
        } else {
            out.append(ExplanationSentence(text: ja ? "遺伝子レベルの文献数は知識ベースにない。" : "Gene-level literature counts are not available in the knowledge base.", evidence: []))
        }
        if deNovo {
            out.append(
                ExplanationSentence(
                    text: ja ? "de novoモードのため、既知融合データベースと融合レベルの文献は用いていない。" : "De novo mode: known-fusion databases and fusion-level literature are not used.",
                    evidence: []))
            return out
        }
        let known = facts.first(EvidenceKeys.knownFusion)
        let lit = facts.first(EvidenceKeys.fusionLiterature)
        if let known, !known.value.isUnknown {
            var keys = [known.key]
            var litText = ""
            if let lit, !lit.value.isUnknown, lit.value.isPositive {
                keys.append(lit.key)
                let pm = lit.pmids.isEmpty ? "" : (ja ? "（PMID \(pmidList(lit.pmids))など）" : " (e.g. PMID \(pmidList(lit.pmids)))")
                litText = ja ? "。融合レベルの文献報告は\(lit.value.description)件\(pm)" : "; fusion-level literature: \(lit.value.description) reports\(pm)"
            }
            let counts = EvidenceKeys.knownFusionCounts.compactMap { facts[$0] }.filter { $0.value.isPositive }
            keys += counts.map(\.key)
            if !counts.isEmpty {
                let japanese = ["cosmic_samples": "COSMICの症例数", "mitelman_cases": "Mitelmanの症例数"]
                let parts = counts.map { ja ? "\(japanese[$0.key] ?? $0.label)：\($0.value.description)" : "\($0.label): \($0.value.description)" }
                litText = (ja ? "。" : "; ") + parts.joined(separator: ja ? "、" : "; ") + litText
            }
            let pmKnown = lit == nil && !known.pmids.isEmpty ? (ja ? "（PMID \(pmidList(known.pmids))など）" : " (e.g. PMID \(pmidList(known.pmids)))") : ""
            if known.value.isPositive {
                out.append(
                    ExplanationSentence(
                        text: ja ? "既知融合：\(fusion.name)は既知融合データベースに記録されている（\(known.value.description)データベース：\(known.detail ?? list(known.sources))）\(pmKnown)\(litText)。"
                            : "Known fusion: \(fusion.name) is recorded in \(known.value.description) known-fusion databases (\(known.detail ?? list(known.sources)))\(pmKnown)\(litText).",
                        evidence: keys))
            } else {
                out.append(
                    ExplanationSentence(
                        text: ja ? "既知融合：\(fusion.name)は知識ベースの既知融合データベースに記録がない\(litText)。"
                            : "Known fusion: \(fusion.name) is not recorded in the knowledge base's known-fusion databases\(litText).",
                        evidence: keys))
            }
        } else {
            out.append(
                ExplanationSentence(
                    text: ja ? "既知融合データベースは知識ベースにないため、既知融合かどうかは不明である。" : "Known-fusion sources are absent from the knowledge base, so whether the pair was reported is unknown.",
                    evidence: []))
        }
        return out
    }

    // MARK: roles and normal tissue

    func rolesSentence() -> ExplanationSentence? {
        let known = [(g5, PartnerRole.fivePrime), (g3, .threePrime)].compactMap { gene, side in
            MechanismClassifier.roles(facts, side).map { (gene, $0.text, $0.keys) }
        }
        if known.isEmpty {
            return ExplanationSentence(text: ja ? "遺伝子の役割（がん遺伝子・がん抑制遺伝子）の情報源は知識ベースにない。" : "Gene roles (oncogene, tumour suppressor) are not available: the source is absent.", evidence: [])
        }
        let parts = known.map { gene, text, _ in ja ? "\(gene)は\(roleJA(text))" : "\(gene) \(text)" }
        let keys = known.flatMap(\.2)
        return ExplanationSentence(
            text: ja ? "遺伝子の役割：\(parts.joined(separator: "、"))。" : "Gene roles: \(parts.joined(separator: "; ")).",
            evidence: keys)
    }

    func normalTissueSentence() -> ExplanationSentence {
        guard let item = facts.first(EvidenceKeys.normalTissue), !item.value.isUnknown else {
            return ExplanationSentence(
                text: ja ? "正常組織の融合データは知識ベースにないため、正常組織での出現は不明である。" : "Normal-tissue fusion sources are absent, so recurrence in normal tissue is unknown.", evidence: [])
        }
        if item.value.isPositive {
            return ExplanationSentence(
                text: ja ? "正常組織：\(fusion.name)は正常組織の融合として記録されている（\(item.value.description)、\(list(item.sources))）。"
                    : "Normal tissue: \(fusion.name) is recorded among normal-tissue fusions (\(item.value.description); \(list(item.sources))).",
                evidence: [item.key])
        }
        return ExplanationSentence(
            text: ja ? "正常組織：\(fusion.name)は知識ベースの正常組織融合データに記録がない。" : "Normal tissue: \(fusion.name) is not recorded among the knowledge base's normal-tissue fusions.",
            evidence: [item.key])
    }

    // MARK: score

    func scoreSentence() -> ExplanationSentence? {
        guard let p = facts["score.probability"] else { return nil }
        let contributions = facts.items.filter { $0.key.hasPrefix("contribution.") && ($0.value.numberValue ?? 0) != 0 }
            .sorted { abs($0.value.numberValue ?? 0) > abs($1.value.numberValue ?? 0) }.prefix(3)
        let cls = p.detail ?? ""
        // Each contribution by the plain name of its feature group (the report's group labels), not the model's
        // feature identifiers (those stay in the cited items' details and the JSON).
        let labels = ReportLabels(ja ? .ja : .en)
        let parts = contributions.map { item -> String in
            let v = item.value.numberValue ?? 0
            let feature = String(item.key.dropFirst("contribution.".count))
            let group = self.contributions.first { $0.feature == feature }?.group ?? feature
            return "\(labels.evidenceGroup(group))\(ja ? "（" : " (")\(v >= 0 ? "+" : "")\(item.value.description)\(ja ? "）" : ")")"
        }
        let keys = [p.key] + contributions.map(\.key)
        if ja {
            let clsJA = ["likely driver": "ドライバーの可能性が高い", "uncertain": "判定保留", "likely passenger": "パッセンジャーの可能性が高い"][cls] ?? cls
            return ExplanationSentence(
                text: "スコア：ドライバー確率\(p.value.description)（\(clsJA)）\(parts.isEmpty ? "" : "。寄与の大きい特徴量群は\(list(parts))")。", evidence: keys)
        }
        return ExplanationSentence(
            text: "Score: driver probability \(p.value.description) (\(cls))\(parts.isEmpty ? "" : "; the largest contributions came from the feature groups \(list(parts))").",
            evidence: keys)
    }
}
