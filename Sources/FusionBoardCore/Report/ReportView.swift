/// Builds the Mustache context from a ``CaseReport``: plain dictionaries of pre-formatted strings
/// and booleans. Every string is escaped by the `MARKDOWN_HTML` content type when a template
/// writes it with `{{…}}`; the only raw values are the `…SVG` keys, built by ``ReportGraphics``.
struct ReportView {
    let labels: ReportLabels

    func caseContext(_ d: CaseReport) -> [String: Any] {
        let cards = d.fusions.prefix(d.cardsShown).map { card($0, d) }
        let rows: [[String: Any]] = d.fusions.map { f in
            [
                "rank": String(f.rank), "fusion": f.displayName, "probability": String(format2: f.probability),
                "classLabel": labels.driverClass(f.driverClass), "classKey": classKey(f.driverClass),
                "mechanism": f.mechanism.map(labels.mechanism) ?? "—", "frame": labels.frame(f.frame), "svType": f.svType,
                "support": shortSupport(f.support), "hasCard": f.rank <= d.cardsShown,
            ]
        }
        let sources: [[String: Any]] = d.knowledgeBase.sources.map { s in
            [
                "name": s.name, "category": s.category, "version": s.version ?? "—", "date": s.date ?? "—", "licence": s.licence,
                "rows": String(s.rows), "sha": String(s.sha256.prefix(16)), "optional": s.optional,
            ]
        }
        let inputs: [[String: Any]] = d.inputs.map { i in
            ["file": i.file, "format": i.format, "build": i.build, "buildEvidence": i.buildEvidence, "sha256": i.sha256, "vcfSample": i.sample ?? "—"]
        }
        let evaluation: [[String: Any]] = d.model.evaluation.map { ["metric": $0.metric, "dataset": $0.dataset, "value": $0.value] }
        let model = d.model.trainedModel
        let c = d.counts
        return [
            "lang": d.language.tag,
            "title": "FusionBoard — \(d.sample)",
            "sample": d.sample,
            "tumorType": d.tumorType ?? labels.notGiven,
            "generated": d.generated,
            "version": d.tool.version,
            "commit": d.tool.commit,
            "cmarkVersion": d.tool.cmark,
            "genomeBuild": d.genomeBuild,
            "kbBuild": d.knowledgeBase.buildID,
            "kbProfile": d.knowledgeBase.profile,
            "kbBuiltAt": d.knowledgeBase.builtAt,
            "kbSchema": String(d.knowledgeBase.schemaVersion),
            "missingSources": d.knowledgeBase.missing.joined(separator: ", "),
            "hasMissingSources": !d.knowledgeBase.missing.isEmpty,
            "placeholder": d.model.isPlaceholder,
            "scorer": model.map(labels.scorer) ?? d.model.scorer,
            "evaluation": evaluation,
            "hasEvaluation": !evaluation.isEmpty,
            "evaluationAbsent": d.fusions.isEmpty ? labels.evaluationNotApplicable : labels.evaluationAbsent,
            "hasModel": model != nil,
            "hasModelFile": model?.file != nil,
            "modelFile": model?.file ?? "",
            "modelSHA": model?.sha256 ?? labels.notAvailable,
            "modelTraining": model.map(labels.modelTraining) ?? "",
            "modelCalibration": model.map(labels.calibration) ?? "",
            "modelThresholds": model.map(labels.thresholds) ?? "",
            "evaluationNote": model.map(labels.evaluationNote) ?? "",
            "deNovo": d.deNovo,
            "fusions": rows,
            "hasFusions": !rows.isEmpty,
            "fusionCount": String(rows.count),
            "cards": cards,
            "cardsShown": String(d.cardsShown),
            "hasMoreThanCards": d.fusions.count > d.cardsShown,
            "moreCount": String(d.fusions.count - d.cardsShown),
            "sources": sources,
            "inputs": inputs,
            "recordsRead": String(c.recordsRead),
            "filteredOut": String(c.filteredOut),
            "skippedContigs": String(c.skippedContigs),
            "liftoverFailures": String(c.liftoverFailures),
            "junctions": String(c.junctions),
            "junctionsInGenes": String(c.junctionsInGenes),
            "singleBreakends": String(c.singleBreakends),
            "withoutJunction": String(c.withoutJunction),
            "notStructural": String(c.notStructural),
            "warnings": d.warnings.prefix(20).map { ["warning": $0] },
            "hasWarnings": !d.warnings.isEmpty,
            "disclaimer": d.disclaimer,
        ]
    }

    func card(_ f: FusionReport, _ d: CaseReport) -> [String: Any] {
        let maxMagnitude = f.evidence.compactMap(\.contribution).map(abs).max() ?? 0
        let contributionMax = max(maxMagnitude, f.contributions.map { abs($0.contribution) }.max() ?? 0)
        let g5 = f.fivePrime.gene, g3 = f.threePrime.gene
        var rows = f.evidence.enumerated().map { index, e in (index, evidenceRow(e, maxMagnitude: contributionMax, gene5: g5, gene3: g3)) }
        // Features the model used that have no evidence item of their own.
        let evidenceKeys = Set(f.evidence.map(\.key))
        for (offset, c) in f.contributions.enumerated() where !evidenceKeys.contains(c.feature) {
            // A model group: named by its group; its features and their values go in the detail line.
            let names = c.feature.split(separator: ",").map(String.init)
            let values = c.value.split(separator: ",").map(String.init)
            let pairs = names.count == values.count ? zip(names, values).map { "\($0)=\($1)" }.joined(separator: ", ") : "\(c.feature) = \(c.value)"
            let row = EvidenceRow(
                key: c.feature, label: labels.modelGroup(labels.evidenceGroup(c.group)), group: c.group, value: String(names.count), absent: false,
                sources: c.sources, pmids: [], detail: pairs, contribution: c.contribution)
            rows.append((f.evidence.count + offset, evidenceRow(row, maxMagnitude: contributionMax, gene5: g5, gene3: g3)))
        }
        // Rows with a contribution first, largest magnitude first; then the rest in collection order.
        rows.sort { a, b in
            let ca = a.1["magnitude"] as? Double ?? -1, cb = b.1["magnitude"] as? Double ?? -1
            return ca != cb ? ca > cb : a.0 < b.0
        }
        // Rows without a contribution are grouped under one header row per group (no group name repeated per row).
        var lastGroup: String?
        var groupSources: String?
        for index in rows.indices {
            let group = rows[index].1["group"] as? String
            if rows[index].1["hasContribution"] as? Bool == true {
                // Model-group rows name their group in the label already.
                if rows[index].0 < f.evidence.count { rows[index].1["showGroupInline"] = true }
            } else if group != lastGroup {
                rows[index].1["groupStart"] = true
                lastGroup = group
                // The group's sources go on its header row; rows repeat them only when theirs differ.
                groupSources = rows[index].1["sources"] as? String
                rows[index].1["groupSources"] = groupSources ?? ""
                rows[index].1["hasGroupSources"] = groupSources != nil && groupSources != "—"
            }
            let own = rows[index].1["sources"] as? String
            rows[index].1["showSources"] = rows[index].1["hasContribution"] as? Bool == true || own != groupSources
        }
        let supportParts = supportText(f.support)
        let therapies: [[String: Any]] = f.therapies.map { t in
            [
                "therapy": t.therapy, "level": t.tier.isEmpty ? t.level : t.tier, "tierReason": t.tierReason, "hasTierReason": !t.tierReason.isEmpty,
                "source": t.source, "pmids": t.pmids.prefix(5).map { ["pmid": String($0)] },
                // Drug–gene interactions (not tiered) are shown on screen; print keeps the fusion-level evidence.
                "interaction": t.interactionRecord,
            ]
        }
        // Print shows each tier's reason once, under the table (the interaction rows are not printed).
        var printedLevels: [String] = []
        for t in f.therapies where !t.interactionRecord && !printedLevels.contains(t.level) { printedLevels.append(t.level) }
        return [
            "rank": String(f.rank),
            "anchor": "fusion-\(f.rank)",
            "fusion": f.displayName,
            "hgncName": f.name,
            "inferredFromDNA": f.inferredFromDNA,
            "probability": String(format2: f.probability),
            "classLabel": labels.driverClass(f.driverClass),
            "classKey": classKey(f.driverClass),
            "frame": labels.frame(f.frame),
            "frameExplanation": labels.frameExplanation(f.frame),
            "svType": f.svType,
            "svIDs": f.recordIDs.joined(separator: ", "),
            "event": f.event ?? "—",
            "filter": labels.filter(f.filter),
            "support": supportParts,
            "quality": f.support.quality.map { String(format2: $0) } ?? "—",
            "inputFile": f.inputFile,
            "inputLine": String(f.inputLine),
            "inputBuild": f.inputBuild,
            "breakpoint5": f.breakend5.grch38, "breakpoint3": f.breakend3.grch38,
            "input5": f.breakend5.input, "input3": f.breakend3.input,
            "ci5": f.breakend5.confidenceInterval ?? "—", "ci3": f.breakend3.confidenceInterval ?? "—",
            "kept5": f.breakend5.keptSide.map(labels.keptSide) ?? labels.notGiven, "kept3": f.breakend3.keptSide.map(labels.keptSide) ?? labels.notGiven,
            "cipos": ciposText(f),
            "gene5": f.fivePrime.gene, "gene3": f.threePrime.gene,
            "transcript5": f.fivePrime.transcript, "transcript3": f.threePrime.transcript,
            "strand5": f.fivePrime.strand, "strand3": f.threePrime.strand,
            "location5": f.fivePrime.location, "location3": f.threePrime.location,
            "exons5": f.fivePrime.keptExons.map { labels.exons($0) } ?? labels.notAvailable,
            "exons3": f.threePrime.keptExons.map { labels.exons($0) } ?? labels.notAvailable,
            "exonCount5": String(f.fivePrime.exonCount), "exonCount3": String(f.threePrime.exonCount),
            "residues5": residues(f.fivePrime), "residues3": residues(f.threePrime),
            "proteinLength": f.fusionProteinLength.map { "\($0) aa" } ?? labels.notAvailable,
            "hasProteinLength": f.fusionProteinLength != nil,
            "domains5": domainList(f.fivePrime, d), "domains3": domainList(f.threePrime, d),
            "diagramSVG": ReportGraphics.proteinDiagram(f, domainsAvailable: !d.knowledgeBase.missing.contains("domains"), labels: labels),
            "evidence": rows.map(\.1),
            "modelOutput": ReportLabels.signed(f.modelOutput, decimals: 2),
            "baseline": ReportLabels.signed(f.baseline, decimals: 2),
            "probabilitySentence": d.model.trainedModel.map { labels.probabilityFromOutput(probability: f.probability, output: f.modelOutput, model: $0) } ?? "",
            "hasProbabilitySentence": d.model.trainedModel != nil,
            "pubmed5": f.literature.pubmed5, "pubmed3": f.literature.pubmed3, "cocitations": f.literature.cocitations,
            "pmids": f.literature.pmids.prefix(10).map { ["pmid": String($0)] },
            "hasPMIDs": !f.literature.pmids.isEmpty,
            "mechanism": f.mechanism.map(labels.mechanism) ?? labels.explanationAbsent,
            "hasMechanism": f.mechanism != nil,
            "summary": f.summary ?? labels.explanationAbsent,
            "hasSummary": f.summary != nil,
            "therapies": therapies,
            "hasTherapies": !therapies.isEmpty,
            "tierLegend": labels.therapyTierLegend(printedLevels),
            "hasTierLegend": !printedLevels.isEmpty,
            "therapiesAbsent": labels.therapiesAbsent(interactionSourceAbsent: d.knowledgeBase.missing.contains("drugs")),
            "caveats": f.caveats.map { ["caveat": $0] },
            "hasCaveats": !f.caveats.isEmpty,
        ]
    }

    func evidenceRow(_ e: EvidenceRow, maxMagnitude: Double, gene5: String, gene3: String) -> [String: Any] {
        var row: [String: Any] = [
            "label": labels.evidenceLabel(key: e.key, label: e.label, gene5: gene5, gene3: gene3), "key": e.key,
            "group": labels.evidenceGroup(e.group), "value": e.value, "absent": e.absent,
            "sources": e.sources.isEmpty ? "—" : e.sources.map(labels.sourceName).joined(separator: "; "),
            "detail": e.detail ?? "", "hasDetail": e.detail != nil,
            "pmids": e.pmids.prefix(3).map { ["pmid": String($0)] },
            "hasPMIDs": !e.pmids.isEmpty,
            "morePMIDs": e.pmids.count > 3 ? "+\(e.pmids.count - 3)" : "",
            "hasContribution": e.contribution != nil,
        ]
        if let c = e.contribution {
            row["contribution"] = (c >= 0 ? "+" : "") + String(format2: c)
            row["barSVG"] = ReportGraphics.contributionBar(c, maxMagnitude: maxMagnitude)
            row["magnitude"] = abs(c)
        }
        return row
    }

    func residues(_ p: PartnerReport) -> String {
        guard p.proteinLength > 0 else { return labels.notAvailable }
        guard let r = p.keptResidues else { return "— / \(p.proteinLength) aa" }
        return "\(r.lowerBound)–\(r.upperBound) / \(p.proteinLength) aa"
    }

    func domainList(_ p: PartnerReport, _ d: CaseReport) -> String {
        if d.knowledgeBase.missing.contains("domains") { return labels.domainSourceAbsent }
        if p.domains.isEmpty { return labels.noDomainsInSource }
        let (open, close) = labels.language == .ja ? ("（", "）") : (" (", ")")
        return p.domains.map { "\($0.domain.name) \($0.domain.aaStart)–\($0.domain.aaEnd)\(open)\(labels.domainFate($0.fate))\(close)" }
            .joined(separator: labels.language == .ja ? "、" : "; ")
    }

    /// The breakends' confidence intervals (CIPOS): one "not given" when the caller gave neither.
    func ciposText(_ f: FusionReport) -> String {
        let ci5 = f.breakend5.confidenceInterval, ci3 = f.breakend3.confidenceInterval
        if ci5 == nil && ci3 == nil { return labels.callerSilent }
        return "5′ \(ci5 ?? labels.notGiven) · 3′ \(ci3 ?? labels.notGiven)"
    }

    func classKey(_ c: DriverClass) -> String {
        switch c {
        case .likelyDriver: "driver"
        case .uncertain: "uncertain"
        case .likelyPassenger: "passenger"
        }
    }

    func supportText(_ s: CallerSupport) -> String {
        var parts: [String] = []
        if let sr = s.splitReads { parts.append(labels.splitReads(sr)) }
        if let pe = s.spanningPairs { parts.append(labels.spanningPairs(pe)) }
        if let af = s.alleleFraction { parts.append(labels.alleleFraction(String(format2: af))) }
        return parts.isEmpty ? labels.callerSilent : parts.joined(separator: ", ")
    }

    /// `SR 24 / PR 19` for the summary table.
    func shortSupport(_ s: CallerSupport) -> String {
        if s.splitReads == nil && s.spanningPairs == nil { return "—" }
        return "\(s.splitReads.map(String.init) ?? "–")/\(s.spanningPairs.map(String.init) ?? "–")"
    }
}
