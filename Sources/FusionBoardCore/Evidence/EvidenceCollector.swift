/// Gathers the evidence items for a fusion from the knowledge graph.
///
/// Every item has a stable `key` and `group` (the list is in docs/KNOWLEDGE-BASE.md, "Evidence items"),
/// the source names and rows it came from, and PubMed ids where the source gives them. When the source
/// that would answer is absent from the knowledge base the value is `.unknown`, never a zero or a "no".
public final class EvidenceCollector {
    let kb: KnowledgeBase
    private let geneSource: String
    private let transcriptSource: String
    private let transcriptSourceName: String

    public init(knowledgeBase: KnowledgeBase) {
        kb = knowledgeBase
        geneSource = kb.info.sources.first { $0.category == "genes" }.map { "\($0.name) \($0.version ?? "")" } ?? "org.Hs.eg.db"
        transcriptSource = kb.info.sources.first { $0.category == "transcripts" }.map { "\($0.name) (\($0.version ?? ""))" } ?? "refGene"
        transcriptSourceName = kb.info.sources.first { $0.category == "transcripts" }?.name ?? "refGene"
    }

    /// Evidence for one candidate: structure (frame, region, domains, UTRs) plus every gene- and pair-level fact.
    public func collect(_ fusion: FusionCandidate) throws -> FusionEvidence {
        var items: [EvidenceItem] = []
        items += structure(fusion)
        items += domainItems(fusion.fivePrime, side: "5p")
        items += domainItems(fusion.threePrime, side: "3p")
        items += utrItems(fusion)
        let pair = try geneLevel(fusion.fivePrime.gene, fusion.threePrime.gene)
        items += pair.items
        items.append(
            EvidenceItem(
                key: "adjacent_same_strand", label: "Adjacent same-strand genes (read-through-like)", value: .flag(fusion.adjacentSameStrand),
                group: "artefact", sources: [transcriptSource],
                detail: fusion.genomicDistance.map { "breakends \($0) bp apart" } ?? "different chromosomes",
                detailJapanese: fusion.genomicDistance.map { "ブレークエンド間 \($0) bp" } ?? "別の染色体"))
        items.append(
            EvidenceItem(
                key: "genomic_distance", label: "Distance between the breakends", value: fusion.genomicDistance.map { .number(Double($0)) } ?? .text("inter-chromosomal"),
                group: "artefact", sources: ["input"]))
        return FusionEvidence(items: Self.grouped(items), pairFacts: pair.facts)
    }

    /// Items ordered by group (groups in order of first appearance), stable within a group.
    static func grouped(_ items: [EvidenceItem]) -> [EvidenceItem] {
        var order: [String] = []
        for item in items where !order.contains(item.group) { order.append(item.group) }
        return order.flatMap { g in items.filter { $0.group == g } }
    }

    /// Evidence for a gene pair without breakpoints: gene- and pair-level facts only.
    public func collectGeneLevel(gene5: String, gene3: String) throws -> FusionEvidence {
        let g5 = try kb.currentSymbol(gene5), g3 = try kb.currentSymbol(gene3)
        let pair = try geneLevel(g5, g3)
        var items = pair.items
        if let a = try kb.gene(named: g5), let b = try kb.gene(named: g3), let c5 = a.chromosome, let c3 = b.chromosome {
            let same = c5 == c3
            var distance: Int? = nil
            if same, let s5 = a.start, let e5 = a.end, let s3 = b.start, let e3 = b.end { distance = max(0, max(s5, s3) - min(e5, e3)) }
            items.append(
                EvidenceItem(
                    key: "genomic_distance", label: "Distance between the genes", value: distance.map { .number(Double($0)) } ?? .text("inter-chromosomal"),
                    group: "artefact", sources: [geneSource], detail: "gene-level: \(g5) chr\(c5), \(g3) chr\(c3)",
                    detailJapanese: "遺伝子レベル：\(g5) chr\(c5)、\(g3) chr\(c3)"))
        }
        return FusionEvidence(items: Self.grouped(items), geneLevelOnly: true, pairFacts: pair.facts)
    }

    // MARK: - Structure

    /// The annotator's display choice (``FusionCandidate/displayChoice``) in Japanese, from the same facts.
    static func japaneseDisplayChoice(_ f: FusionCandidate) -> String {
        let productive = "転写産物ペア\(f.pairCount)組中\(f.productivePairCount)組がインフレームまたは5′UTR→CDS"
        if let frame = f.defaultPairFrame, let pair = f.transcriptPairs.first(where: \.isDefaultPair) {
            return "既定のペア \(pair.transcript5) エクソン\(pair.lastExon5) → \(pair.transcript3) エクソン\(pair.firstExon3) は\(frame.japaneseName)、"
                + "\(f.fivePrime.transcript.accession)/\(f.threePrime.transcript.accession) で\(f.frame.japaneseName)（\(productive)）"
        }
        return "既定の表示転写産物（正規、なければ最長CDS）；\(productive)"
    }

    private func structure(_ f: FusionCandidate) -> [EvidenceItem] {
        let t5 = f.fivePrime.transcript, t3 = f.threePrime.transcript
        let productive = f.productivePairCount
        // Where the junction's own frame cannot be stated, the frame of the whole exons joined (what the model reads).
        let exonLevel = f.exonLevelFrame
        let exonLevelNote = exonLevel == f.frame ? "" : "; whole exons joined: \(exonLevel.rawValue) (the frame the driver model reads)"
        let exonLevelNoteJapanese = exonLevel == f.frame ? "" : "；エクソン単位で連結すると\(exonLevel.japaneseName)（ドライバーモデルが用いる読み枠）"
        var items: [EvidenceItem] = [
            EvidenceItem(
                key: "reading_frame", label: "Reading frame", value: .text(f.frame.rawValue), group: "frame/region", sources: [transcriptSource],
                detail: "\(t5.accession) exon \(f.fivePrime.keptExons?.upperBound ?? 0) → \(t3.accession) exon \(f.threePrime.keptExons?.lowerBound ?? 0); \(f.displayChoice)"
                    + exonLevelNote,
                detailJapanese: "\(t5.accession) エクソン\(f.fivePrime.keptExons?.upperBound ?? 0) → \(t3.accession) エクソン\(f.threePrime.keptExons?.lowerBound ?? 0)；"
                    + Self.japaneseDisplayChoice(f) + exonLevelNoteJapanese,
                rows: [t5, t3].map { SourceRow(source: transcriptSourceName, table: "transcript", row: $0.id) }),
            EvidenceItem(
                key: "frame_productive_pairs", label: "Share of transcript pairs in frame or 5′UTR→CDS",
                value: f.pairCount == 0 ? .unknown : .number(Double(productive) / Double(f.pairCount)), group: "frame/region",
                sources: [transcriptSource], detail: "\(productive) of \(f.pairCount) pairs", detailJapanese: "\(f.pairCount)組中\(productive)組"),
            EvidenceItem(
                key: "breakpoint_region_5p", label: "Breakpoint region in \(f.fivePrime.gene)", value: .text(f.fivePrime.location.region.rawValue),
                group: "frame/region", sources: [transcriptSource], detail: "\(t5.accession) \(f.fivePrime.location.label)",
                detailJapanese: "\(t5.accession) \(f.fivePrime.location.japaneseLabel)"),
            EvidenceItem(
                key: "breakpoint_region_3p", label: "Breakpoint region in \(f.threePrime.gene)", value: .text(f.threePrime.location.region.rawValue),
                group: "frame/region", sources: [transcriptSource], detail: "\(t3.accession) \(f.threePrime.location.label)",
                detailJapanese: "\(t3.accession) \(f.threePrime.location.japaneseLabel)"),
            EvidenceItem(
                key: "fusion_protein_length", label: "Predicted fusion protein (aa)",
                value: f.proteinLength.map { .number(Double($0)) } ?? .text("not predicted (\(f.frame.rawValue))"),
                group: "frame/region", sources: [transcriptSource],
                detail: f.proteinLength == nil ? "no protein can be predicted for a \(f.frame.rawValue) junction" : nil,
                detailJapanese: f.proteinLength == nil ? "\(f.frame.japaneseName)の接合ではタンパク質を予測できません" : nil),
        ]
        for (partner, side) in [(f.fivePrime, "5p"), (f.threePrime, "3p")] {
            let cds = partner.transcript.cdsLength
            items.append(
                EvidenceItem(
                    key: "coding_fraction_\(side)", label: "Share of \(partner.gene)'s coding sequence kept",
                    value: cds > 0 ? .number(Double(partner.codingBasesKept) / Double(cds)) : .number(0), group: "frame/region", sources: [transcriptSource],
                    detail: cds > 0 ? "\(partner.codingBasesKept) of \(cds) coding bases (\(partner.transcript.accession))" : "\(partner.transcript.accession) is non-coding",
                    detailJapanese: cds > 0
                        ? "コード塩基\(cds)中\(partner.codingBasesKept)（\(partner.transcript.accession)）" : "\(partner.transcript.accession)は非コード転写産物"))
        }
        return items
    }

    private func domainItems(_ partner: FusionPartner, side: String) -> [EvidenceItem] {
        let source = partner.domains.first?.domain.source
        let sources = source.map { [$0] } ?? kb.sourceNames(category: "domains")
        let available = kb.hasSource(category: "domains")
        let retained = partner.domains.filter { $0.fate == .retained }
        let damaged = partner.domains.filter { $0.fate != .retained }
        func describe(_ list: [RetainedDomain], japanese: Bool = false) -> String {
            list.map { d in
                let percent = Int((d.fractionKept * 100).rounded())
                return "\(d.domain.name) \(d.domain.aaStart)–\(d.domain.aaEnd)" + (japanese ? "（\(percent)%保持）" : " (\(percent)% kept)")
            }.joined(separator: japanese ? "、" : ", ")
        }
        let tx = partner.transcript.accession
        // A protein the domain source records no domain for: how many domains the fusion keeps is not known, not 0
        // (a non-coding transcript has no protein, so 0 there is a fact).
        let unrecorded = available && partner.domains.isEmpty && partner.transcript.cdsLength > 0
        let sourceWords = sources.joined(separator: ", ")
        let count = { (n: Int) -> EvidenceValue in available && !unrecorded ? .number(Double(n)) : .unknown }
        let absence = unrecorded ? "no domains recorded for \(tx) in \(sourceWords)" : nil
        let absenceJapanese = unrecorded ? "\(sourceWords)に\(tx)のドメインの記録なし" : nil
        var items = [
            EvidenceItem(
                key: "domains_retained_\(side)", label: "Domains of \(partner.gene) retained", value: count(retained.count),
                group: "domains", sources: sources, detail: available ? "\(tx): \(retained.isEmpty ? "none" : describe(retained))" : nil,
                detailJapanese: available ? "\(tx)：\(retained.isEmpty ? "なし" : describe(retained, japanese: true))" : nil,
                absence: absence, absenceJapanese: absenceJapanese),
            EvidenceItem(
                key: "domains_lost_\(side)", label: "Domains of \(partner.gene) lost or truncated", value: count(damaged.count),
                group: "domains", sources: sources, detail: available ? "\(tx): \(damaged.isEmpty ? "none" : describe(damaged))" : nil,
                detailJapanese: available ? "\(tx)：\(damaged.isEmpty ? "なし" : describe(damaged, japanese: true))" : nil,
                absence: absence, absenceJapanese: absenceJapanese),
        ]
        // The classes of DomainVocabulary (those of the model's features and the mechanism text); a kept kinesin motor
        // counts as oligomerisation when its coiled-coil neck is kept too (DomainVocabulary.oligomerises).
        func belongs(_ d: RetainedDomain, to cls: DomainClass) -> Bool {
            let domainClass = DomainVocabulary.classify(d.domain)
            guard cls == .oligomerisation, domainClass == .kinesinMotor else { return domainClass == cls }
            return d.fate == .retained && DomainVocabulary.oligomerises(d.domain, keptResidues: partner.keptResidues, fivePrime: side == "5p")
        }
        for cls in [DomainClass.kinase, .dnaBinding, .oligomerisation] {
            let of = partner.domains.filter { belongs($0, to: cls) }
            let kept = of.filter { $0.fate == .retained }, lost = of.filter { $0.fate != .retained }
            let words = cls == .dnaBinding ? "DNA-binding" : cls.rawValue
            items.append(
                EvidenceItem(
                    key: "\(cls.rawValue)_retained_\(side)", label: "\(partner.gene) \(words) domain retained", value: available ? .flag(!kept.isEmpty) : .unknown,
                    group: "domains", sources: sources, detail: kept.isEmpty ? nil : describe(kept), detailJapanese: kept.isEmpty ? nil : describe(kept, japanese: true)))
            items.append(
                EvidenceItem(
                    key: "\(cls.rawValue)_lost_\(side)", label: "\(partner.gene) \(words) domain lost or truncated", value: available ? .flag(!lost.isEmpty) : .unknown,
                    group: "domains", sources: sources, detail: lost.isEmpty ? nil : describe(lost), detailJapanese: lost.isEmpty ? nil : describe(lost, japanese: true)))
        }
        return items
    }

    private func utrItems(_ f: FusionCandidate) -> [EvidenceItem] {
        let s = [transcriptSource]
        return [
            EvidenceItem(key: "utr5_kept_5p", label: "5′UTR bases of \(f.fivePrime.gene) kept", value: .number(Double(f.fivePrime.utr5Kept)), group: "UTRs", sources: s),
            EvidenceItem(key: "utr3_lost_5p", label: "3′UTR bases of \(f.fivePrime.gene) lost", value: .number(Double(f.fivePrime.utr3Lost)), group: "UTRs", sources: s),
            EvidenceItem(key: "utr5_lost_3p", label: "5′UTR bases of \(f.threePrime.gene) lost", value: .number(Double(f.threePrime.utr5Lost)), group: "UTRs", sources: s),
            EvidenceItem(key: "utr3_kept_3p", label: "3′UTR bases of \(f.threePrime.gene) kept", value: .number(Double(f.threePrime.utr3Kept)), group: "UTRs", sources: s),
        ]
    }

    // MARK: - Gene- and pair-level facts

    /// The gene- and pair-level items, and the same facts as numbers for the driver model (``GenePairFacts``).
    private func geneLevel(_ gene5: String, _ gene3: String) throws -> (items: [EvidenceItem], facts: GenePairFacts) {
        let g5 = try kb.currentSymbol(gene5), g3 = try kb.currentSymbol(gene3)
        var facts = GenePairFacts(gene5: g5, gene3: g3)
        let roles5 = try roleItems(g5, side: "5p"), roles3 = try roleItems(g3, side: "3p")
        var items = roles5.items + roles3.items
        facts.roles = GenePairFacts.Roles(
            oncogene5: roles5.call.oncogene, oncogene3: roles3.call.oncogene, suppressor5: roles5.call.tumourSuppressor,
            suppressor3: roles3.call.tumourSuppressor, kinaseCategory3: roles3.kinaseCategory)
        items += try promiscuity(g5, g3)
        items += try artefacts(g5, g3, &facts)
        items += try literature(g5, g3, &facts)
        items += try knownFusion(g5, g3, &facts)
        for (gene, side) in [(g5, "5p"), (g3, "3p")] {
            let present = kb.hasSource(named: "DGIdb interactions")
            let drugs = present ? try kb.drugs(of: gene) : []
            let names = Array(Set(drugs.map(\.drug))).sorted()
            items.append(
                EvidenceItem(
                    key: "drug_count_\(side)", label: "Drugs interacting with \(gene) (DGIdb)", value: present ? .number(Double(names.count)) : .unknown,
                    group: "therapy", sources: present ? ["DGIdb interactions"] : [], pmids: Array(Set(drugs.flatMap(\.pmids))).sorted().prefix(20).map { $0 },
                    detail: names.isEmpty ? nil : names.prefix(12).joined(separator: ", ") + (names.count > 12 ? " …" : ""),
                    rows: drugs.prefix(20).map(\.provenance)))
        }
        return (try markUnknownGenes(items, g5, g3), facts)
    }

    /// A gene the knowledge base does not know: its gene-level items say unknown, not "no".
    private func markUnknownGenes(_ items: [EvidenceItem], _ g5: String, _ g3: String) throws -> [EvidenceItem] {
        var unknownSides: [String] = []
        if try kb.gene(named: g5) == nil { unknownSides.append("_5p") }
        if try kb.gene(named: g3) == nil { unknownSides.append("_3p") }
        guard !unknownSides.isEmpty else { return items }
        return items.map { item in
            guard unknownSides.contains(where: { item.key.hasSuffix($0) }), item.group != "frame/region", item.group != "domains", item.group != "utr"
            else { return item }
            var copy = item
            // A value from a present source becomes unknown because of the gene (an absent source stays "source absent").
            if item.value != .unknown {
                (copy.absence, copy.absenceJapanese) = ("gene not in the knowledge base's gene table", "遺伝子が知識ベースの遺伝子表にない")
            }
            copy.value = .unknown
            copy.detail = "gene not in the knowledge base's gene table"
            copy.detailJapanese = "遺伝子が知識ベースの遺伝子表にありません"
            return copy
        }
    }

    /// A gene's role items, with its role call and whether it is in a kinase category (for ``GenePairFacts``).
    private func roleItems(_ gene: String, side: String) throws -> (items: [EvidenceItem], call: GeneRoleCall, kinaseCategory: Bool) {
        let present = kb.hasSource(category: "gene-roles")
        let roles = present ? try kb.roles(of: gene) : []
        let sources = Array(Set(roles.map(\.provenance.source))).sorted()
        let fallback = sources.isEmpty ? kb.sourceNames(category: "gene-roles") : sources
        func has(_ role: String) -> [GeneRoleFact] { roles.filter { $0.role == role } }
        let onc = has("oncogene"), tsg = has("tumour_suppressor"), driver = has("driver")
        let cancerMine = roles.filter { KnowledgeBase.sourceName($0.provenance.source, is: "CancerMine") }
        let citations = cancerMine.compactMap(\.citations).reduce(0, +)
        func summary(_ list: [GeneRoleFact], japanese: Bool = false) -> String? {
            list.isEmpty ? nil : list.prefix(6).map { r in
                let cancer = r.cancer.map { japanese ? "：\($0)" : ": \($0)" } ?? ""
                let citations = r.citations.map { japanese ? "（引用\($0)件）" : " (\($0) citation\($0 == 1 ? "" : "s"))" } ?? ""
                return r.provenance.source + cancer + citations
            }.joined(separator: japanese ? "；" : "; ")
        }
        // One decision for the evidence rows, the model's features and the mechanism (GeneRoleCall): a role the
        // rule sets aside is "no", and its detail says so with the counts it was weighed on.
        let call = GeneRoleCall(roles)
        func roleDetail(_ role: GeneRoleCall.Role, _ list: [GeneRoleFact], japanese: Bool = false) -> String? {
            if let setAside = call.setAsideDetail(role, japanese: japanese) {
                return [setAside, summary(list, japanese: japanese)].compactMap { $0 }.joined(separator: japanese ? "。" : ". ")
            }
            return summary(list, japanese: japanese)
        }
        var items = [
            EvidenceItem(
                key: "oncogene_\(side)", label: "\(gene) is an oncogene", value: present ? .flag(call.oncogene) : .unknown, group: "roles", sources: fallback,
                detail: roleDetail(.oncogene, onc), detailJapanese: roleDetail(.oncogene, onc, japanese: true), rows: onc.prefix(10).map(\.provenance)),
            EvidenceItem(
                key: "tumour_suppressor_\(side)", label: "\(gene) is a tumour suppressor", value: present ? .flag(call.tumourSuppressor) : .unknown,
                group: "roles", sources: fallback, detail: roleDetail(.tumourSuppressor, tsg),
                detailJapanese: roleDetail(.tumourSuppressor, tsg, japanese: true), rows: tsg.prefix(10).map(\.provenance)),
            EvidenceItem(
                key: "driver_\(side)", label: "\(gene) is a cancer driver (CancerMine)", value: kb.hasSource(named: "CancerMine") ? .flag(!driver.isEmpty) : .unknown,
                group: "roles", sources: kb.hasSource(named: "CancerMine") ? ["CancerMine"] : [], detail: summary(driver),
                detailJapanese: summary(driver, japanese: true), rows: driver.prefix(10).map(\.provenance)),
            EvidenceItem(
                key: "cancermine_citations_\(side)", label: "CancerMine citations for \(gene)'s roles",
                value: kb.hasSource(named: "CancerMine") ? .number(Double(citations)) : .unknown, group: "roles",
                sources: kb.hasSource(named: "CancerMine") ? ["CancerMine"] : [], detail: cancerMine.isEmpty ? nil : "\(cancerMine.count) role × cancer rows",
                detailJapanese: cancerMine.isEmpty ? nil : "役割×がん種 \(cancerMine.count) 行"),
        ]
        let oncoKB = roles.filter { KnowledgeBase.sourceName($0.provenance.source, is: "OncoKB cancer gene list") }
        items.append(
            EvidenceItem(
                key: "oncokb_gene_\(side)", label: "\(gene) in the OncoKB cancer gene list",
                value: kb.hasSource(named: "OncoKB cancer gene list") ? .flag(!oncoKB.isEmpty) : .unknown, group: "roles",
                sources: kb.hasSource(named: "OncoKB cancer gene list") ? ["OncoKB cancer gene list"] : [], detail: oncoKB.first?.detail,
                rows: oncoKB.prefix(2).map(\.provenance)))
        let catPresent = kb.hasSource(named: "DGIdb gene categories")
        let categories = catPresent ? try kb.categories(of: gene) : []
        let kinase = categories.contains(where: KnowledgeBase.isKinaseCategory)
        items.append(
            EvidenceItem(
                key: "kinase_gene_\(side)", label: "\(gene) is a kinase (DGIdb category)",
                value: catPresent ? .flag(kinase) : .unknown, group: "roles",
                sources: catPresent ? ["DGIdb gene categories"] : [], detail: categories.isEmpty ? nil : categories.joined(separator: ", ")))
        return (items, call, kinase)
    }

    private func promiscuity(_ g5: String, _ g3: String) throws -> [EvidenceItem] {
        let present = kb.hasSource(category: "known-fusions")
        let sources = kb.sourceNames(category: "known-fusions")
        var items: [EvidenceItem] = []
        for (gene, other, side) in [(g5, g3, "5p"), (g3, g5, "3p")] {
            let partners = present ? try kb.partners(of: gene, in: .knownFusion, excluding: other) : []
            items.append(
                EvidenceItem(
                    key: "partner_count_\(side)", label: "Other fusion partners of \(gene) in the known-fusion sources", value: present ? .number(Double(partners.count)) : .unknown,
                    group: "promiscuity", sources: sources,
                    detail: partners.isEmpty ? nil : partners.prefix(15).joined(separator: ", ") + (partners.count > 15 ? " …" : "")))
        }
        return items
    }

    private func artefacts(_ g5: String, _ g3: String, _ facts: inout GenePairFacts) throws -> [EvidenceItem] {
        var items: [EvidenceItem] = []
        let normalPresent = kb.hasSource(category: "normal-tissue")
        let normal = normalPresent ? try kb.pairFacts(.normalFusion, g5, g3) + kb.pairFacts(.normalFusion, g3, g5) : []
        let normalSources = Array(Set(normal.map(\.provenance.source))).sorted()
        facts.normalPair = !normal.isEmpty
        items.append(
            EvidenceItem(
                key: "normal_tissue_pair", label: "Seen in normal tissue (sources listing the pair)",
                value: normalPresent ? .number(Double(normalSources.count)) : .unknown, group: "artefact",
                sources: normalPresent ? kb.sourceNames(category: "normal-tissue") : [],
                detail: normal.isEmpty ? nil : normal.prefix(6).map { "\($0.provenance.source): \($0.gene5)::\($0.gene3)\($0.count.map { ", \($0)" } ?? "")\($0.context.map { " (\($0))" } ?? "")" }.joined(separator: "; "),
                rows: normal.map(\.provenance)))
        for (gene, side) in [(g5, "5p"), (g3, "3p")] {
            let partners = normalPresent ? try kb.partners(of: gene, in: .normalFusion) : []
            items.append(
                EvidenceItem(
                    key: "normal_tissue_partners_\(side)", label: "Fusion partners of \(gene) in the normal-tissue sources",
                    value: normalPresent ? .number(Double(partners.count)) : .unknown, group: "artefact",
                    sources: normalPresent ? kb.sourceNames(category: "normal-tissue") : [], detail: partners.isEmpty ? nil : partners.prefix(10).joined(separator: ", ")))
        }
        let rtPresent = kb.hasSource(category: "readthrough")
        let rt = rtPresent ? try kb.pairFacts(.readthrough, g5, g3) + kb.pairFacts(.readthrough, g3, g5) : []
        items.append(
            EvidenceItem(
                key: "readthrough_pair", label: "Known read-through / conjoined gene pair", value: rtPresent ? .flag(!rt.isEmpty) : .unknown, group: "artefact",
                sources: rtPresent ? kb.sourceNames(category: "readthrough") : [], detail: rt.first.map { "\($0.gene5)::\($0.gene3)" }, rows: rt.map(\.provenance)))
        let paraPresent = kb.hasSource(category: "paralogs")
        let c5 = paraPresent ? try kb.paralogClusters(of: g5) : [], c3 = paraPresent ? try kb.paralogClusters(of: g3) : []
        let shared = Set(c5).intersection(c3)
        facts.readthrough = GenePairFacts.Readthrough(pair: !rt.isEmpty, paralogs: !shared.isEmpty)
        let paraSources = paraPresent ? kb.sourceNames(category: "paralogs") : []
        items.append(
            EvidenceItem(
                key: "paralog_pair", label: "Partners are paralogs (same duplicated-gene cluster)", value: paraPresent ? .flag(!shared.isEmpty) : .unknown,
                group: "artefact", sources: paraSources, detail: shared.isEmpty ? nil : "cluster \(shared.sorted().joined(separator: ", "))",
                detailJapanese: shared.isEmpty ? nil : "クラスター \(shared.sorted().joined(separator: "、"))"))
        for (gene, clusters, side) in [(g5, c5, "5p"), (g3, c3, "3p")] {
            items.append(
                EvidenceItem(
                    key: "paralog_cluster_\(side)", label: "\(gene) belongs to a duplicated-gene cluster", value: paraPresent ? .flag(!clusters.isEmpty) : .unknown,
                    group: "artefact", sources: paraSources, detail: clusters.isEmpty ? nil : "cluster \(clusters.joined(separator: ", "))",
                    detailJapanese: clusters.isEmpty ? nil : "クラスター \(clusters.joined(separator: "、"))"))
        }
        return items
    }

    private func literature(_ g5: String, _ g3: String, _ facts: inout GenePairFacts) throws -> [EvidenceItem] {
        let a = try kb.gene(named: g5), b = try kb.gene(named: g3)
        // No gene2pubmed links stored for a gene: none shared (what a query of the links gives).
        facts.literature = GenePairFacts.Literature(pubmed5: a?.pubmedCount, pubmed3: b?.pubmedCount, cocitation: 0)
        var items = [
            EvidenceItem(
                key: "pubmed_count_5p", label: "PubMed records on \(g5)", value: a.map { .number(Double($0.pubmedCount)) } ?? .unknown,
                group: "literature", sources: [geneSource + " gene2pubmed"], detail: a == nil ? "\(g5) is not in the gene table" : nil,
                detailJapanese: a == nil ? "\(g5)は遺伝子表にありません" : nil, absence: a == nil ? "\(g5) is not in the gene table" : nil,
                absenceJapanese: a == nil ? "\(g5)は遺伝子表にない" : nil),
            EvidenceItem(
                key: "pubmed_count_3p", label: "PubMed records on \(g3)", value: b.map { .number(Double($0.pubmedCount)) } ?? .unknown,
                group: "literature", sources: [geneSource + " gene2pubmed"], detail: b == nil ? "\(g3) is not in the gene table" : nil,
                detailJapanese: b == nil ? "\(g3)は遺伝子表にありません" : nil, absence: b == nil ? "\(g3) is not in the gene table" : nil,
                absenceJapanese: b == nil ? "\(g3)は遺伝子表にない" : nil),
        ]
        if let a, let b {
            // The knowledge base keeps gene2pubmed links (PMID by PMID) for protein-coding genes only; for any other
            // gene the shared records are not stored, so their number is unknown, not 0.
            let notStored = [a, b].filter { $0.type != "protein-coding" }
            if !notStored.isEmpty {
                let genes = notStored.map { "\($0.symbol) (\($0.type ?? "type not recorded"))" }.joined(separator: ", ")
                let genesJapanese = notStored.map { "\($0.symbol)（\($0.type ?? "種別の記録なし")）" }.joined(separator: "、")
                items.append(
                    EvidenceItem(
                        key: "cocitation", label: "PubMed records annotated to both genes", value: .unknown, group: "literature",
                        sources: [geneSource + " gene2pubmed"],
                        detail: "gene2pubmed links are stored for protein-coding genes only",
                        detailJapanese: "gene2pubmedのリンクはタンパク質コード遺伝子についてのみ保存されています",
                        absence: "not stored for \(genes): the knowledge base keeps gene2pubmed links for protein-coding genes only",
                        absenceJapanese: "\(genesJapanese)については保存なし：知識ベースはgene2pubmedのリンクをタンパク質コード遺伝子についてのみ保持"))
            } else {
                let shared = try kb.coCitations(a.geneID, b.geneID)
                facts.literature?.cocitation = Double(shared.count)
                items.append(
                    EvidenceItem(
                        key: "cocitation", label: "PubMed records annotated to both genes", value: .number(Double(shared.count)), group: "literature",
                        sources: [geneSource + " gene2pubmed"], pmids: Array(shared.prefix(20)),
                        detail: "gene2pubmed links are stored for protein-coding genes",
                        detailJapanese: "gene2pubmedのリンクはタンパク質コード遺伝子についてのみ保存されています"))
            }
        } else {
            items.append(
                EvidenceItem(
                    key: "cocitation", label: "PubMed records annotated to both genes", value: .unknown, group: "literature",
                    sources: [geneSource + " gene2pubmed"], detail: "a partner is not in the gene table",
                    detailJapanese: "一方のパートナーが遺伝子表にありません", absence: "a partner is not in the gene table",
                    absenceJapanese: "一方のパートナーが遺伝子表にない"))
        }
        return items
    }

    private func knownFusion(_ g5: String, _ g3: String, _ pairFacts: inout GenePairFacts) throws -> [EvidenceItem] {
        let present = kb.hasSource(category: "known-fusions")
        let facts = present ? try kb.pairFacts(.knownFusion, g5, g3) : []
        let reverse = present ? try kb.pairFacts(.knownFusion, g3, g5) : []
        let sourceList = Array(Set(facts.map(\.provenance.source))).sorted()
        pairFacts.knownFusions = GenePairFacts.KnownFusions(
            pairSources: sourceList.count, partners5: present ? try kb.knownFusionPartnerCount(of: g5) : 0,
            partners3: present ? try kb.knownFusionPartnerCount(of: g3) : 0)
        var items = [
            EvidenceItem(
                key: "known_fusion_sources", label: "Known-fusion databases listing \(g5)::\(g3)", value: present ? .number(Double(sourceList.count)) : .unknown,
                group: "known fusions", sources: kb.sourceNames(category: "known-fusions"),
                detail: sourceList.isEmpty ? nil : sourceList.joined(separator: ", "), rows: facts.map(\.provenance), knownFusion: true),
            EvidenceItem(
                key: "known_reverse_orientation", label: "\(g3)::\(g5) (reverse orientation) listed", value: present ? .flag(!reverse.isEmpty) : .unknown,
                group: "known fusions", sources: kb.sourceNames(category: "known-fusions"),
                detail: reverse.isEmpty ? nil : Array(Set(reverse.map(\.provenance.source))).sorted().joined(separator: ", "), rows: reverse.map(\.provenance),
                knownFusion: true),
        ]
        func source(_ key: String, _ name: String, _ label: String, count: Bool) {
            let has = kb.hasSource(named: name)
            let rows = facts.filter { KnowledgeBase.sourceName($0.provenance.source, is: name) }
            let counts = rows.compactMap(\.count)
            var value: EvidenceValue = !has ? .unknown : (count ? .number(Double(counts.reduce(0, +))) : .flag(!rows.isEmpty))
            // A count from a source that lists only some pairs: a pair it does not list has no count there, not 0.
            var absence: (en: String, ja: String)?
            if has && count && counts.isEmpty {
                value = .unknown
                absence = rows.isEmpty ? notListed(name) : ("listed in \(name) without a count", "\(name)に掲載、件数の記載なし")
            }
            items.append(
                EvidenceItem(
                    key: key, label: label, value: value, group: "known fusions", sources: has ? [name] : [],
                    detail: rows.compactMap { r in [r.context, r.detail].compactMap { $0 }.joined(separator: "; ") }.first { !$0.isEmpty },
                    rows: rows.map(\.provenance), knownFusion: true, absence: absence?.en, absenceJapanese: absence?.ja))
        }
        source("chimerdb_kb", "ChimerDB 3.0 KB", "In ChimerDB KB (curated)", count: false)
        source("chimerdb_pub", "ChimerDB 3.0 Pub", "In ChimerDB Pub (literature-mined)", count: false)
        source("chimerdb_seq", "ChimerDB 3.0 Seq", "In ChimerDB Seq (sequencing)", count: false)
        source("cosmic_samples", "COSMIC fusions", "COSMIC samples with the fusion", count: true)
        source("mitelman_cases", "Mitelman recurrent fusions", "Mitelman cases with the fusion", count: true)
        let pubmedName = "ChimerDB 3.0 PubMed"
        let pubmedPresent = kb.hasSource(named: pubmedName)
        let pmids = Array(Set(facts.flatMap(\.pmids))).sorted()
        let pubmedRow = facts.first { KnowledgeBase.sourceName($0.provenance.source, is: pubmedName) }
        let diseases = pubmedRow?.context.map { $0.components(separatedBy: "; ") }
        // ChimerDB's PubMed table holds a few hundred pairs: a pair it does not list has no record count there, not 0.
        let pmidAbsence: (en: String, ja: String)? =
            !pubmedPresent || !pmids.isEmpty ? nil
            : pubmedRow == nil ? notListed(pubmedName) : ("listed in \(pubmedName) without PubMed IDs", "\(pubmedName)に掲載、PubMed IDの記載なし")
        items.append(
            EvidenceItem(
                key: "fusion_pmid_count", label: "PubMed records on the fusion \(g5)::\(g3)",
                value: pubmedPresent && pmidAbsence == nil ? .number(Double(pmids.count)) : .unknown,
                group: "known fusions", sources: pubmedPresent ? [pubmedName] : [], pmids: Array(pmids.prefix(50)),
                detail: diseases.map { "diseases: " + $0.prefix(5).joined(separator: "; ") + ($0.count > 5 ? "; … (\($0.count) in all)" : "") },
                detailJapanese: diseases.map { "疾患：" + $0.prefix(5).joined(separator: "；") + ($0.count > 5 ? "；…（全\($0.count)件）" : "") },
                rows: facts.filter { !$0.pmids.isEmpty }.map(\.provenance), knownFusion: true, absence: pmidAbsence?.en, absenceJapanese: pmidAbsence?.ja))
        return items
    }

    /// `not listed in SOURCE (what it covers)`, in English and Japanese, for a pair a partial pair source does not list.
    private func notListed(_ name: String) -> (en: String, ja: String) {
        let rows = kb.info.sources.first { KnowledgeBase.sourceName($0.name, is: name) }?.rows
        let coverage = Self.coverage(of: name, rows: rows)
        return ("not listed in \(name) (\(coverage.en))", "\(name)に掲載なし（\(coverage.ja)）")
    }

    /// What a pair source that lists only part of what is known covers, with its row count in this knowledge base.
    static func coverage(of name: String, rows: Int?) -> (en: String, ja: String) {
        let n = rows.map(String.init) ?? "?"
        switch name {
        case "Mitelman recurrent fusions":
            return ("a summary of \(n) recurrent fusions from the Mitelman database, not every reported case",
                    "Mitelmanデータベースの再発融合\(n)件の要約で、報告された全症例ではない")
        case "COSMIC fusions":
            return ("COSMIC's curated fusion list, \(n) rows in this snapshot, not every COSMIC sample",
                    "COSMICの精選融合リスト、このスナップショットでは\(n)行で、COSMICの全検体ではない")
        case "ChimerDB 3.0 PubMed":
            return ("a table of \(n) fusions mined from PubMed abstracts, not every publication",
                    "PubMed抄録から抽出した\(n)件の融合の表で、全文献ではない")
        default:
            return ("\(n) rows, not every known case", "\(n)行で、既知の全例ではない")
        }
    }
}

extension KnowledgeBase {
    /// PubMed IDs annotated to both genes in gene2pubmed (newest first).
    func coCitations(_ geneA: Int, _ geneB: Int) throws -> [Int] {
        try cachedRows(
            "SELECT a.pmid FROM gene_pubmed a JOIN gene_pubmed b ON b.pmid = a.pmid AND b.gene_id = ?2 WHERE a.gene_id = ?1 ORDER BY a.pmid DESC",
            [.int(geneA), .int(geneB)]
        ).compactMap { $0[0].flatMap { Int($0) } }
    }
}
