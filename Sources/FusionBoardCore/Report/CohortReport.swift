import Foundation

/// What the cohort index shows (report-conventions §5.3): recurrent fusions across patients,
/// partner-gene frequency and one row per patient, each linking to the patient's own report.
public struct CohortSummary: Sendable, Codable {
    public var generated: String
    public var language: ReportLanguage
    public var version: String
    public var commit: String
    public var knowledgeBaseBuild: String
    public var patients: [CohortPatientRow]
    /// Every fusion pair seen, most patients first, then highest probability, then name.
    public var fusions: [CohortFusionRow]
    /// Genes seen as a fusion partner, most patients first.
    public var partnerGenes: [PartnerGeneRow]
    /// Patients that could not be analysed, with the reason.
    public var failures: [String]
}

public struct CohortPatientRow: Sendable, Codable {
    public var sample: String
    public var tumorType: String?
    /// The patient's report, relative to the index.
    public var report: String
    public var recordsRead: Int
    public var fusions: Int
    public var likelyDrivers: Int
    public var uncertain: Int
    public var likelyPassengers: Int
    public var topFusion: String?
    public var topProbability: Double?
    public var topClass: DriverClass?
}

/// One fusion pair across the cohort. The class counts are patients, not calls: a patient whose
/// breakpoints give the pair twice (two junctions, a reciprocal call) counts once, in the class of
/// that patient's highest-probability call, so the three counts add up to the patient count.
public struct CohortFusionRow: Sendable, Codable {
    public var fusion: String
    public var patients: [CohortLink]
    public var likelyDrivers: Int
    public var uncertain: Int
    public var likelyPassengers: Int
    public var maxProbability: Double
}

public struct CohortLink: Sendable, Codable {
    public var sample: String
    /// `P001.html#fusion-1` when the fusion has a card, else the report itself.
    public var href: String
}

/// A gene seen as a fusion partner; every count is a number of patients.
public struct PartnerGeneRow: Sendable, Codable {
    public var gene: String
    public var patients: Int
    /// Patients with at least one call that has the gene as the 5′ partner.
    public var asFivePrime: Int
    /// Patients with at least one call that has the gene as the 3′ partner.
    public var asThreePrime: Int
    public var partners: [String]
}

extension CohortSummary {
    /// Summarises rendered patient reports; `reports` pairs each report with its file name.
    public static func make(
        _ reports: [(file: String, report: CaseReport)], failures: [String], generated: String, language: ReportLanguage
    ) -> CohortSummary {
        let sorted = reports.sorted { $0.report.sample != $1.report.sample ? $0.report.sample < $1.report.sample : $0.file < $1.file }
        var patients: [CohortPatientRow] = []
        var byFusion: [String: CohortFusionRow] = [:]
        var linked: [String: Set<String>] = [:]
        struct GeneTally { var patients: Set<String> = []; var five: Set<String> = []; var three: Set<String> = []; var partners: Set<String> = [] }
        var genes: [String: GeneTally] = [:]
        /// Each patient's highest-probability call of each pair: (probability, class).
        var bestCall: [String: [String: (probability: Double, driverClass: DriverClass)]] = [:]
        for (file, r) in sorted {
            let top = r.fusions.first
            patients.append(
                CohortPatientRow(
                    sample: r.sample, tumorType: r.tumorType, report: file, recordsRead: r.counts.recordsRead, fusions: r.fusions.count,
                    likelyDrivers: r.fusions.filter { $0.driverClass == .likelyDriver }.count,
                    uncertain: r.fusions.filter { $0.driverClass == .uncertain }.count,
                    likelyPassengers: r.fusions.filter { $0.driverClass == .likelyPassenger }.count,
                    topFusion: top?.displayName, topProbability: top?.probability, topClass: top?.driverClass))
            for f in r.fusions {
                var row = byFusion[f.name] ?? CohortFusionRow(fusion: f.name, patients: [], likelyDrivers: 0, uncertain: 0, likelyPassengers: 0, maxProbability: 0)
                if linked[f.name, default: []].insert(r.sample).inserted {
                    row.patients.append(CohortLink(sample: r.sample, href: f.rank <= r.cardsShown ? "\(file)#fusion-\(f.rank)" : file))
                }
                if f.probability > bestCall[f.name]?[r.sample]?.probability ?? -1 {
                    bestCall[f.name, default: [:]][r.sample] = (f.probability, f.driverClass)
                }
                row.maxProbability = max(row.maxProbability, f.probability)
                byFusion[f.name] = row
                genes[f.fivePrime.gene, default: GeneTally()].patients.insert(r.sample)
                genes[f.fivePrime.gene]!.five.insert(r.sample)
                genes[f.fivePrime.gene]!.partners.insert(f.threePrime.gene)
                genes[f.threePrime.gene, default: GeneTally()].patients.insert(r.sample)
                genes[f.threePrime.gene]!.three.insert(r.sample)
                genes[f.threePrime.gene]!.partners.insert(f.fivePrime.gene)
            }
        }
        for (name, calls) in bestCall {
            for call in calls.values {
                switch call.driverClass {
                case .likelyDriver: byFusion[name]!.likelyDrivers += 1
                case .uncertain: byFusion[name]!.uncertain += 1
                case .likelyPassenger: byFusion[name]!.likelyPassengers += 1
                }
            }
        }
        let fusions = byFusion.values.sorted { a, b in
            if a.patients.count != b.patients.count { return a.patients.count > b.patients.count }
            if a.maxProbability != b.maxProbability { return a.maxProbability > b.maxProbability }
            return a.fusion < b.fusion
        }
        let partnerGenes = genes.map { gene, t in
            PartnerGeneRow(gene: gene, patients: t.patients.count, asFivePrime: t.five.count, asThreePrime: t.three.count, partners: t.partners.sorted())
        }.sorted { $0.patients != $1.patients ? $0.patients > $1.patients : $0.gene < $1.gene }
        let first = sorted.first?.report
        return CohortSummary(
            generated: generated, language: language, version: FusionBoardVersion.current, commit: FusionBoardVersion.commit,
            knowledgeBaseBuild: first?.knowledgeBase.buildID ?? "—", patients: patients, fusions: fusions, partnerGenes: partnerGenes,
            failures: failures.sorted())
    }
}

extension ReportView {
    /// At most this many rows in each cohort table of the HTML (the merged TSV has everything).
    static let cohortTableLimit = 200

    func cohortContext(_ c: CohortSummary) -> [String: Any] {
        let limit = Self.cohortTableLimit
        let patients: [[String: Any]] = c.patients.map { p in
            [
                "sample": p.sample, "tumorType": p.tumorType ?? labels.notGiven, "report": p.report,
                "recordsRead": String(p.recordsRead), "fusions": String(p.fusions), "likelyDrivers": String(p.likelyDrivers),
                "uncertain": String(p.uncertain), "likelyPassengers": String(p.likelyPassengers),
                "topFusion": p.topFusion ?? "—", "topProbability": p.topProbability.map { String(format2: $0) } ?? "—",
                "topClass": p.topClass.map { labels.driverClass($0) } ?? "—", "hasTop": p.topFusion != nil,
            ]
        }
        let fusions: [[String: Any]] = c.fusions.prefix(limit).map { f in
            [
                "fusion": f.fusion, "patientCount": String(f.patients.count), "recurrent": f.patients.count > 1,
                "links": f.patients.map { ["sample": $0.sample, "href": $0.href] },
                "likelyDrivers": String(f.likelyDrivers), "uncertain": String(f.uncertain), "likelyPassengers": String(f.likelyPassengers),
                "maxProbability": String(format2: f.maxProbability),
            ]
        }
        let genes: [[String: Any]] = c.partnerGenes.prefix(limit).map { g in
            [
                "gene": g.gene, "patients": String(g.patients), "asFivePrime": String(g.asFivePrime), "asThreePrime": String(g.asThreePrime),
                "partners": g.partners.prefix(12).joined(separator: ", ") + (g.partners.count > 12 ? " …" : ""),
            ]
        }
        return [
            "lang": c.language.tag,
            "title": "FusionBoard — cohort",
            "generated": c.generated,
            "version": c.version,
            "commit": c.commit,
            "kbBuild": c.knowledgeBaseBuild,
            "patientCount": String(c.patients.count),
            "patients": patients,
            "fusions": fusions,
            "hasFusions": !fusions.isEmpty,
            "recurrentCount": String(c.fusions.filter { $0.patients.count > 1 }.count),
            "fusionsTruncated": c.fusions.count > limit,
            "fusionTotal": String(c.fusions.count),
            "genes": genes,
            "genesTruncated": c.partnerGenes.count > limit,
            "failures": c.failures.map { ["failure": $0] },
            "hasFailures": !c.failures.isEmpty,
            "tableLimit": String(limit),
            "disclaimer": labels.disclaimer,
        ]
    }
}
