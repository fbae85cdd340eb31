/// The language of a report: its templates (`Templates/ja/` beside `Templates/`) and the labels
/// the renderer writes itself (classes, frames, caveats, diagram captions).
public enum ReportLanguage: String, Sendable, Codable, CaseIterable {
    case en
    case ja

    /// BCP 47 tag for the page's `lang` attribute.
    public var tag: String { rawValue }
}

/// Labels written by the renderer (not by the templates), in each report language.
///
/// Templates carry the page's own text; these are the words that depend on a value (a class, a
/// frame, a caveat) or that go into SVG drawn in Swift.
public struct ReportLabels: Sendable {
    public let language: ReportLanguage

    public init(_ language: ReportLanguage) { self.language = language }

    private func pick(_ en: String, _ ja: String) -> String { language == .ja ? ja : en }

    public func driverClass(_ c: DriverClass) -> String {
        switch c {
        case .likelyDriver: pick("likely driver", "ドライバーの可能性が高い")
        case .uncertain: pick("uncertain", "判定保留")
        case .likelyPassenger: pick("likely passenger", "パッセンジャーの可能性が高い")
        }
    }

    /// The label of a model feature group's contribution row; the value column holds its feature count.
    public func modelGroup(_ group: String) -> String {
        pick("Model group: \(group) (features)", "モデルの特徴量群：\(group)（特徴量数）")
    }

    /// A mechanism class code (`kinase_activation`) as a reader sees it.
    public func mechanism(_ code: String) -> String {
        switch MechanismClass(rawValue: code) {
        case .kinaseActivation: pick("kinase activation", "キナーゼ活性化")
        case .transcriptionFactorChimera: pick("transcription-factor chimera", "転写因子キメラ")
        case .promoterSwap: pick("promoter swap", "プロモーター置換")
        case .tumourSuppressorDisruption: pick("tumour-suppressor disruption", "がん抑制遺伝子の破壊")
        case .likelyPassenger: pick("likely passenger", "パッセンジャーの可能性")
        case .uncertain: pick("uncertain", "判定保留")
        case nil: code
        }
    }

    public func frame(_ f: ReadingFrame) -> String {
        if language == .ja { return f.japaneseName }
        switch f {
        case .inFrame: return "in-frame"
        case .outOfFrame: return "out-of-frame"
        case .utr5ToCDS: return "5′UTR→CDS (3′ partner's own start codon)"
        case .nonCoding: return "non-coding"
        case .unknown: return "reading frame unclear"
        }
    }

    /// Plain-language meaning of a frame state (report-conventions §5.1 item 8).
    public func frameExplanation(_ f: ReadingFrame) -> String {
        switch f {
        case .inFrame: pick("The 3′ partner is read in its own frame after the junction, so a chimeric protein is expected.",
                            "接合部以降も3′側遺伝子が本来の読み枠で翻訳されるため、キメラタンパク質が予想されます。")
        case .outOfFrame: pick("The junction shifts the reading frame: the 3′ partner's protein sequence is not made; the 5′ part ends in a short stretch of wrong amino acids.",
                               "接合部で読み枠がずれるため、3′側遺伝子のタンパク質配列は作られません。")
        case .utr5ToCDS: pick("The 5′ partner gives only its promoter and 5′UTR; the 3′ partner is translated from its own start codon (promoter swap).",
                              "5′側遺伝子はプロモーターと5′UTRのみを提供し、3′側遺伝子は自身の開始コドンから翻訳されます（プロモーター置換）。")
        case .nonCoding: pick("No protein-coding sequence is joined (non-coding transcript, or the 5′ break lies past its coding sequence).",
                              "タンパク質コード配列が連結されません（非コード転写産物、または5′側の切断点がコード領域より後ろ）。")
        case .unknown: pick("The reading frame cannot be judged from the breakpoints (e.g. a break inside an exon, or missing frame data).",
                            "切断点から読み枠を判定できません（エクソン内の切断、または読み枠情報の欠如など）。")
        }
    }

    /// The Japanese label of an evidence key (`oncogene_3p` → "ALKはがん遺伝子"), the gene taken from the key's side;
    /// nil for a key it does not know.
    static func japaneseEvidenceLabel(key: String, english: String, gene5: String, gene3: String) -> String? {
        var base = key, gene = gene5
        if key.hasSuffix("_5p") || key.hasSuffix("_3p") {
            base = String(key.dropLast(3))
            gene = key.hasSuffix("_3p") ? gene3 : gene5
        }
        let domainClass = ["kinase": "キナーゼ", "dna_binding": "DNA結合", "oligomerisation": "オリゴマー化"]
        for (cls, words) in domainClass {
            if base == "\(cls)_retained" { return "\(gene)の\(words)ドメインの保持" }
            if base == "\(cls)_lost" { return "\(gene)の\(words)ドメインの喪失・切断" }
        }
        switch base {
        case "adjacent_same_strand": return "同じ鎖の隣接遺伝子（リードスルー様）"
        case "genomic_distance": return english.contains("breakends") ? "ブレークエンド間の距離" : "遺伝子間の距離"
        case "reading_frame": return "読み枠"
        case "frame_productive_pairs": return "インフレームまたは5′UTR→CDSとなる転写産物ペアの割合"
        case "breakpoint_region": return "\(gene)の切断点の領域"
        case "fusion_protein_length": return "予測融合タンパク質（aa）"
        case "coding_fraction": return "\(gene)のコード配列の保持割合"
        case "domains_retained": return "\(gene)の保持されたドメイン"
        case "domains_lost": return "\(gene)の喪失・切断されたドメイン"
        case "utr5_kept": return "\(gene)の5′UTR保持塩基数"
        case "utr3_lost": return "\(gene)の3′UTR喪失塩基数"
        case "utr5_lost": return "\(gene)の5′UTR喪失塩基数"
        case "utr3_kept": return "\(gene)の3′UTR保持塩基数"
        case "drug_count": return "\(gene)と相互作用する薬剤（DGIdb）"
        case "oncogene": return "\(gene)はがん遺伝子"
        case "tumour_suppressor": return "\(gene)はがん抑制遺伝子"
        case "driver": return "\(gene)はがんドライバー（CancerMine）"
        case "cancermine_citations": return "\(gene)の役割に関するCancerMineの引用数"
        case "oncokb_gene": return "\(gene)はOncoKBがん遺伝子リストに掲載"
        case "kinase_gene": return "\(gene)はキナーゼ（DGIdbカテゴリー）"
        case "partner_count": return "既知融合の情報源にある\(gene)の他の融合パートナー"
        case "normal_tissue_pair": return "正常組織での検出（このペアを掲載する情報源）"
        case "normal_tissue_partners": return "正常組織の情報源にある\(gene)の融合パートナー"
        case "readthrough_pair": return "既知のリードスルー／conjoined遺伝子ペア"
        case "paralog_pair": return "パートナー同士がパラログ（同じ重複遺伝子クラスター）"
        case "paralog_cluster": return "\(gene)は重複遺伝子クラスターに属する"
        case "pubmed_count": return "\(gene)に関するPubMedレコード数"
        case "cocitation": return "両遺伝子に注釈されたPubMedレコード数"
        case "known_fusion_sources": return "\(gene5)::\(gene3)を掲載する既知融合データベース"
        case "known_reverse_orientation": return "\(gene3)::\(gene5)（逆向き）の掲載"
        case "fusion_pmid_count": return "融合\(gene5)::\(gene3)に関するPubMedレコード数"
        case "chimerdb_kb": return "ChimerDB KB（キュレーション）に掲載"
        case "chimerdb_pub": return "ChimerDB Pub（文献抽出）に掲載"
        case "chimerdb_seq": return "ChimerDB Seq（シーケンシング）に掲載"
        case "cosmic_samples": return "この融合を持つCOSMICの検体数"
        case "mitelman_cases": return "この融合を持つMitelmanの症例数"
        default: return nil
        }
    }

    /// An evidence item's value as shown: yes/no, the reading frame, the breakpoint region and the words the collector
    /// uses for a distance or a protein it cannot give, in the report's language; numbers and other text as they are.
    /// Text is translated only for the item that says it (`key`), so a value of another item that happens to read
    /// like a frame or a region stays as it is.
    public func evidenceValue(_ value: EvidenceValue, key: String) -> String {
        evidenceValue(EvidenceItem(key: key, label: key, value: value, group: "", sources: []))
    }

    /// An evidence item's value as shown (``evidenceValue(_:key:)``); an unknown value whose source is present says
    /// why it is unknown (`not listed in Mitelman recurrent fusions (…)`) instead of "source absent".
    public func evidenceValue(_ item: EvidenceItem) -> String {
        let value = item.value, key = item.key
        if value == .unknown, let why = language == .ja ? item.absenceJapanese ?? item.absence : item.absence { return why }
        switch value {
        case .unknown: return unknownValue
        case .flag(let b): return b ? pick("yes", "はい") : pick("no", "いいえ")
        case .number: return value.description
        case .text(let t):
            guard language == .ja else { return t }
            switch key {
            case "reading_frame": return ReadingFrame(rawValue: t).map(frame) ?? t
            case "breakpoint_region_5p", "breakpoint_region_3p": return GeneRegion(rawValue: t).map(region) ?? t
            case "genomic_distance" where t == "inter-chromosomal": return "染色体間"
            case "fusion_protein_length":
                let prefix = "not predicted (", suffix = ")"
                guard t.hasPrefix(prefix), t.hasSuffix(suffix),
                      let f = ReadingFrame(rawValue: String(t.dropFirst(prefix.count).dropLast(suffix.count))) else { return t }
                return "予測不能（\(frame(f))）"
            default: return t
            }
        }
    }

    /// The side of a breakend the rearranged chromosome keeps (`left`/`right` as the report's JSON gives it).
    public func keptSide(_ side: String) -> String {
        switch KeptSide(rawValue: side) {
        case .left: pick("left", "左（小さい座標側）")
        case .right: pick("right", "右（大きい座標側）")
        case nil: side
        }
    }

    /// An evidence item's detail in the report's language: the collector's Japanese wording where it has one, else
    /// the detail as collected (names, accessions and source rows read the same in both languages).
    public func evidenceDetail(_ item: EvidenceItem) -> String? { language == .ja ? item.detailJapanese ?? item.detail : item.detail }

    /// A therapy row's context: a label's indication as the label states it; FusionBoard's own wording in the report's language.
    public func therapyContext(_ t: TherapyEvidence) -> String { language == .ja ? t.contextJapanese ?? t.context : t.context }
    /// The domain check that let a therapy match, in the report's language.
    public func therapyDomainCheck(_ t: TherapyEvidence) -> String { language == .ja ? t.domainCheckJapanese ?? t.domainCheck : t.domainCheck }
    /// Why a therapy has its tier (or none), in the report's language.
    public func therapyTierReason(_ t: TherapyEvidence) -> String { language == .ja ? t.tierReasonJapanese ?? t.tierReason : t.tierReason }
    /// A therapy's AMP/ASCO/CAP tier with the source's level (`AMP/ASCO/CAP I-A (FDA-approved)`); an
    /// interaction-database record is not tiered (`not tiered (drug–gene interaction)`).
    public func therapyTier(_ t: TherapyEvidence) -> String {
        let tier = t.isTiered ? "AMP/ASCO/CAP \(t.tier)" : pick("not tiered", "ティア分類なし")
        return pick("\(tier) (\(therapyLevel(t.level)))", "\(tier)（\(therapyLevel(t.level))）")
    }
    /// The printed card's line under the therapy table: each tier and its reason once (the rows leave the reason out in print).
    public func therapyTierLegend(_ levels: [String]) -> String {
        pick("Tiers: ", "ティアの根拠：") + levels.joined(separator: pick("; ", "；"))
    }
    /// A therapy's evidence level (`FDA-approved`, `guideline`, `drug–gene interaction`) in the report's language.
    public func therapyLevel(_ level: String) -> String {
        guard language == .ja else { return level }
        switch level {
        case "FDA-approved": return "FDA承認"
        case "guideline": return "ガイドライン"
        case "drug–gene interaction": return "薬剤–遺伝子相互作用"
        default: return level
        }
    }

    /// Where a breakpoint lies in its transcript (`intron 13`, `CDS exon 5`, `promoter (850 bp upstream)` …).
    public func location(_ l: TranscriptLocation) -> String { pick(l.label, l.japaneseLabel) }

    /// Where a breakpoint lies in its gene (the region alone, as the evidence table gives it).
    public func region(_ r: GeneRegion) -> String {
        if language == .ja { return r.japaneseName }
        switch r {
        case .utr5: return "5′UTR"
        case .utr3: return "3′UTR"
        default: return r.rawValue
        }
    }

    /// Why an input was read in its build (the Methods table's "build (evidence)").
    public func buildEvidence(_ e: BuildEvidence) -> String {
        switch e {
        case .commandLine: pick(e.rawValue, "コマンドライン指定")
        case .header: pick(e.rawValue, "ファイルヘッダー")
        case .record: pick(e.rawValue, "レコードごとの列")
        case .defaulted: pick(e.rawValue, "既定値（ファイルにビルドの記載なし）")
        case .positions: pick(e.rawValue, "GRCh38の染色体末端を超える位置")
        case .namedGenes: pick(e.rawValue, "コーラーが示した遺伝子が切断点に位置するビルド")
        }
    }

    public var notAvailable: String { pick("not available", "情報なし") }
    public var notGiven: String { pick("not given", "未指定") }
    public var unknownValue: String { pick("unknown (source absent)", "不明（情報源なし）") }
    public var callerSilent: String { pick("not given by the caller", "コーラーの出力になし") }
    public func splitReads(_ n: Int) -> String { pick("\(n) split reads", "スプリットリード \(n)") }
    public func spanningPairs(_ n: Int) -> String { pick("\(n) spanning pairs", "スパニングペア \(n)") }
    public func alleleFraction(_ v: String) -> String { pick("VAF \(v)", "VAF \(v)") }
    public func exon(_ range: String) -> String { pick("exon \(range)", "エクソン \(range)") }
    public func exons(_ range: String) -> String { pick("exons \(range)", "エクソン \(range)") }
    public var yes: String { pick("yes", "はい") }
    public var no: String { pick("no", "いいえ") }

    // Diagram captions.
    public var diagramTitle: String { pick("Protein domains of both partners and the predicted fusion protein", "両パートナーのタンパク質ドメインと予測融合タンパク質") }
    public var retainedPart: String { pick("kept in the fusion", "融合で保持") }
    public var lostPart: String { pick("lost", "欠失") }
    public var breakpointLabel: String { pick("breakpoint", "切断点") }
    public var fusionProtein: String { pick("fusion protein", "融合タンパク質") }
    public var domainSourceAbsent: String { pick("domain source absent: domains not drawn", "ドメイン情報源なし：ドメインは描画されていません") }
    public var noDomainsInSource: String { pick("no domains recorded for these transcripts", "これらの転写産物にはドメインの記録がありません") }
    public var nonCodingBar: String { pick("non-coding: no protein", "非コード：タンパク質なし") }
    public var notTranslated: String { pick("not translated (out of frame)", "翻訳されない（フレームシフト）") }
    public var ownStart: String { pick("translated from its own start codon", "自身の開始コドンから翻訳") }
    public var aminoAcids: String { pick("aa", "aa") }

    // Caveats.
    public var caveatDNAOnly: String {
        pick("Inferred from DNA only, hence the name with (::): no fused transcript has been observed; confirm by RNA or IHC/FISH before acting on it.",
             "DNAのみから推定された融合（表記 (::)）：融合転写産物は観察されていません。臨床判断の前にRNA解析やIHC/FISHで確認してください。")
    }
    public func caveatMissingSources(_ list: String) -> String {
        pick("Optional knowledge sources absent from this knowledge base: \(list). Their facts are shown as unavailable, never as \"no\".",
             "この知識ベースには次の任意情報源がありません：\(list)。該当する事実は「なし」ではなく「情報なし」として表示されます。")
    }
    public func caveatLowSupport(_ n: Int) -> String {
        pick("Low read support (\(n) reads in total): the call may be an artefact; review the alignments.",
             "リード支持が少ない（合計 \(n) リード）：アーティファクトの可能性があります。アラインメントを確認してください。")
    }
    public var caveatNoSupport: String {
        pick("The caller reported no read counts, so support cannot be judged.", "コーラーがリード数を出力していないため、支持の強さを判断できません。")
    }
    public var caveatDeNovo: String {
        pick("De novo mode: known-fusion databases and fusion-level literature were not used in the score.",
             "de novo モード：既知融合データベースと融合レベルの文献はスコアに使用されていません。")
    }
    public var caveatPlaceholder: String {
        pick("The score comes from a placeholder rule, not a trained model: use it to order the list, not to judge the fusion.",
             "スコアは学習済みモデルではなく暫定ルールによるものです。順位付けにのみ使用し、融合の評価には使わないでください。")
    }
    public var caveatReadThrough: String {
        pick("The partners are adjacent same-strand genes: the junction may reflect a read-through transcript or a small deletion of little consequence.",
             "両遺伝子は同じ向きで隣接しています：リードスルー転写産物や影響の小さい欠失の可能性があります。")
    }
    /// The reciprocal junction of a balanced rearrangement is listed too; with the number of known-fusion catalogues
    /// listing each orientation when the knowledge base has them.
    public func caveatReciprocal(other: String, rank: Int, thisName: String, otherName: String, catalogues: (this: Int, other: Int)?) -> String {
        let countsEN = catalogues.map { " Known-fusion catalogues list \(thisName) in \($0.this) and \(otherName) in \($0.other) of their sources." } ?? ""
        let countsJA = catalogues.map { "既知融合カタログでは\(thisName)が\($0.this)件、\(otherName)が\($0.other)件の情報源に記載されています。" } ?? ""
        return pick(
            "Reciprocal junction: \(other) (#\(rank)) joins the same two genes the other way round, as a balanced rearrangement does; usually only one of the two products drives the tumour, so read the two cards together.\(countsEN)",
            "相互（reciprocal）接合：\(other)（#\(rank)）は同じ2遺伝子を逆向きに連結しています。均衡型の再構成（相互転座・逆位）では通常どちらか一方の産物のみが腫瘍のドライバーとなるため、2枚のカードを併せて評価してください。\(countsJA)")
    }
    public func caveatFilter(_ filter: String) -> String {
        pick("The caller did not pass this call (FILTER \(filter)).", "コーラーのフィルターを通過していないコールです（FILTER \(filter)）。")
    }
    /// The frame caveat; for a frame that cannot be stated, also the frame of the whole exons joined (what the model reads).
    public func caveatFrame(_ f: ReadingFrame, exonLevel: ReadingFrame) -> String? {
        switch f {
        case .outOfFrame, .nonCoding: return frameExplanation(f)
        case .unknown:
            guard exonLevel != .unknown else { return frameExplanation(f) }
            return frameExplanation(f)
                + pick(" Joined as whole exons the fusion would be \(exonLevel.rawValue); the driver model reads it that way.",
                       "エクソン単位で連結すると\(exonLevel.japaneseName)となり、ドライバーモデルはその読み枠で評価しています。")
        case .inFrame, .utr5ToCDS: return nil
        }
    }
    public func caveatPastGeneEnd(_ gene: String, _ bases: Int) -> String {
        pick("\(gene): the caller's junction lies \(bases) bp past the end of the gene model's transcript; the caller's gene model is longer there, so the exons, frame and protein shown stop at the gene model's last exon.",
             "\(gene)：コーラーの接合点は遺伝子モデルの転写産物末端より \(bases) bp 下流にあります。コーラーの遺伝子モデルの方が長いため、表示のエクソン・読み枠・タンパク質は遺伝子モデルの最終エクソンまでです。")
    }
    public func caveatBeforeGeneStart(_ gene: String, _ bases: Int) -> String {
        pick("\(gene): the caller's junction lies \(bases) bp upstream of the gene model's transcription start (an alternative first exon in the caller's gene model); the gene is shown kept from exon 1.",
             "\(gene)：コーラーの接合点は遺伝子モデルの転写開始点より \(bases) bp 上流にあります（コーラーの遺伝子モデルにある別の第1エクソン）。遺伝子はエクソン1から保持されるものとして表示しています。")
    }
    public func caveatAlternativeTranscripts(_ gene: String, _ list: String) -> String {
        pick("\(gene): other transcripts at this breakend (\(list)) may join different exons.",
             "\(gene)：この切断点には別の転写産物（\(list)）もあり、連結エクソンが異なる可能性があります。")
    }
    public var explanationAbsent: String {
        pick("not available: no mechanism explanation was computed for this fusion",
             "情報なし：この融合の機序説明は算出されていません")
    }
    /// What the therapy section says when nothing matched: the curated table was searched; drug–gene interactions
    /// either were searched too or are unknown because their source is absent.
    public func therapiesAbsent(interactionSourceAbsent: Bool) -> String {
        interactionSourceAbsent
            ? pick("none found: no entry of the FDA-label therapy table applies to this fusion; drug–gene interactions are unknown (source absent)",
                   "該当なし：FDA承認ラベルの治療表に該当する項目はありません。薬剤–遺伝子相互作用は情報源がないため不明です")
            : pick("none found: no entry of the FDA-label therapy table and no drug–gene interaction applies to this fusion",
                   "該当なし：FDA承認ラベルの治療表にも薬剤–遺伝子相互作用にも、この融合に該当する項目はありません")
    }
    public var evaluationAbsent: String {
        pick("not recorded in the model file; the held-out test-set figures are in Models/MODEL.md",
             "モデルファイルに記録なし。独立テストセットでの評価はModels/MODEL.mdにあります")
    }

    public var evaluationNotApplicable: String {
        pick("not applicable: no fusion was scored", "該当なし：スコアを付けた融合はありません")
    }

    // Model provenance (Methods) and the card's probability sentence.

    /// `network` / `logistic` as a reader names them.
    public func modelKind(_ kind: String) -> String {
        switch kind {
        case "network": pick("neural network", "ニューラルネットワーク")
        case "logistic": pick("logistic regression", "ロジスティック回帰")
        default: kind
        }
    }

    /// The scorer line: model name, kind, mode and the knowledge-base profile it scored with.
    public func scorer(_ m: ModelInfo) -> String {
        pick("\(m.name) (\(modelKind(m.kind)), \(m.deNovo ? "strict de novo" : "all evidence"), knowledge-base profile \(m.scoringProfile))",
             "\(m.name)（\(modelKind(m.kind))、\(m.deNovo ? "厳密de novo" : "全エビデンス")、知識ベースプロファイル \(m.scoringProfile)）")
    }

    /// What the model file records about the training: data file and its hash, knowledge-base build, seed.
    public func modelTraining(_ m: ModelInfo) -> String {
        let parts = m.trainingData.components(separatedBy: " sha256:")
        let data = parts.count == 2 ? pick("\(parts[0]) (SHA-256 \(parts[1]))", "\(parts[0])（SHA-256 \(parts[1])）") : m.trainingData
        return pick("trained on \(data) with knowledge base build \(m.knowledgeBaseBuild), seed \(m.seed) (as the model file records)",
                    "学習データ \(data)、知識ベース ビルド \(m.knowledgeBaseBuild)、乱数シード \(m.seed)（モデルファイルの記録）")
    }

    /// `1.0333`, `−0.2876` (four decimals) or `11.27`, `−0.07` (two): a minus sign, not a hyphen.
    static func signed(_ x: Double, decimals: Int) -> String {
        let text = decimals == 4 ? String(format4: x) : String(format2: x)
        return text.hasPrefix("-") ? "−" + text.dropFirst() : text
    }

    /// How the probability is computed from the model output (Platt calibration), with the model's a and b.
    public func calibration(_ m: ModelInfo) -> String {
        let a = Self.signed(m.calibrationA, decimals: 4), b = Self.signed(m.calibrationB, decimals: 4)
        return pick("driver probability = 1 / (1 + e^−(a · model output + b)) with a = \(a), b = \(b): Platt calibration of the model output, fitted on the training set's out-of-fold outputs",
                    "ドライバー確率 = 1 / (1 + e^−(a・モデル出力 + b))、a = \(a)、b = \(b)：モデル出力のPlattキャリブレーション（学習データの交差検証でのフォールド外出力に当てはめたもの）")
    }

    /// The class cut-offs on the probability.
    public func thresholds(_ m: ModelInfo) -> String {
        let d = String(format: "%.3f", m.driverThreshold), p = String(format: "%.3f", m.passengerThreshold)
        if m.driverThreshold <= m.passengerThreshold {
            return pick("\(driverClass(.likelyDriver)) ≥ \(d); \(driverClass(.likelyPassenger)) < \(d) (no uncertain band)",
                        "\(driverClass(.likelyDriver)) ≥ \(d)、\(driverClass(.likelyPassenger)) < \(d)（判定保留の範囲なし）")
        }
        return pick("\(driverClass(.likelyDriver)) ≥ \(d); \(driverClass(.uncertain)) \(p) to < \(d); \(driverClass(.likelyPassenger)) < \(p)",
                    "\(driverClass(.likelyDriver)) ≥ \(d)、\(driverClass(.uncertain)) \(p)以上\(d)未満、\(driverClass(.likelyPassenger)) < \(p)")
    }

    /// The data set of the out-of-fold AUROC the model file records.
    public func outOfFoldDataset(_ m: ModelInfo) -> String {
        let file = m.trainingData.components(separatedBy: " sha256:").first ?? m.trainingData
        return pick("training set \(file), gene-grouped cross-validation, out of fold; as the model file records",
                    "学習データ \(file)、遺伝子単位の交差検証（フォールド外）；モデルファイルの記録")
    }

    /// What the evaluation figure means and where the held-out figures are.
    public func evaluationNote(_ m: ModelInfo) -> String {
        let heldOut = pick("Held-out test-set figures: Models/MODEL.md.", "独立テストセットでの評価：Models/MODEL.md。")
        guard !m.deNovo else { return heldOut }
        return pick("With all evidence this figure overstates skill: the training labels come from the same catalogues as the known-fusion evidence. ",
                    "全エビデンスのモデルでは、学習ラベルが既知融合エビデンスと同じカタログに由来するため、この値は実力を過大に評価しています。") + heldOut
    }

    /// The card's sentence tying the probability to the model output.
    public func probabilityFromOutput(probability: Double, output: Double, model m: ModelInfo) -> String {
        let b = (m.calibrationB < 0 ? " − " : " + ") + Self.signed(abs(m.calibrationB), decimals: 4)
        let formula = "1 / (1 + e^−(\(Self.signed(m.calibrationA, decimals: 4)) × \(Self.signed(output, decimals: 2))\(b)))"
        return pick("The driver probability \(String(format2: probability)) is the calibrated model output: \(formula) (Platt calibration; Methods).",
                    "ドライバー確率 \(String(format2: probability)) はモデル出力をキャリブレーションした値：\(formula)（Plattキャリブレーション；方法を参照）。")
    }


    /// A domain's fate (`retained`, `truncated`, `lost`) in the domain list and the diagram's tooltips.
    public func domainFate(_ fate: DomainFate) -> String {
        switch fate {
        case .retained: pick("retained", "保持")
        case .truncated: pick("truncated", "一部欠失")
        case .lost: pick("lost", "欠失")
        }
    }

    /// A domain box's tooltip in the diagram: name (Pfam accession), range, fate and source (names as the source gives them).
    public func domainTooltip(_ d: RetainedDomain) -> String {
        let range = "\(d.domain.aaStart)–\(d.domain.aaEnd) aa"
        return pick("\(d.domain.name)\(d.domain.pfam.map { " (\($0))" } ?? "") \(range), \(domainFate(d.fate)); source \(d.domain.source)",
                    "\(d.domain.name)\(d.domain.pfam.map { "（\($0)）" } ?? "") \(range)、\(domainFate(d.fate))；出典 \(sourceName(d.domain.source))")
    }

    /// A source as the report names it: knowledge sources by their names; FusionBoard's own words around them (the
    /// input file as a source, a domain projected from another transcript) in the report's language.
    public func sourceName(_ source: String) -> String {
        guard language == .ja else { return source }
        switch source {
        case "input": return "入力"
        case "input breakpoints": return "入力の切断点"
        default: break
        }
        // `maftools protein domains (projected from NM_012408)` (Annotator): the domains of another transcript of the gene.
        if let range = source.range(of: " (projected from "), source.hasSuffix(")") {
            let accession = source[range.upperBound..<source.index(before: source.endIndex)]
            return "\(source[..<range.lowerBound])（\(accession)から投影）"
        }
        return source
    }

    /// The FILTER a caller gave, or that it gave none (`.`, or a caller without a FILTER column).
    public func filter(_ value: String?) -> String {
        guard let value, !value.isEmpty, value != "." else { return pick("not given by the caller", "コーラーの記載なし") }
        return value
    }
    public var disclaimer: String {
        pick("For research and tumour-board discussion support only. FusionBoard is not a diagnostic device; every finding needs review by a qualified professional against the original data.",
             "本レポートは研究およびエキスパートパネル（腫瘍検討会）での議論の支援のみを目的としています。FusionBoard は診断機器ではありません。すべての所見は、資格を持つ専門家が元データと照合して確認する必要があります。")
    }
}

extension ReportLabels {
    /// The label of an evidence item or model feature in the report's language: English keeps the
    /// collector's own label; Japanese translates the keys it knows and keeps the label otherwise.
    public func evidenceLabel(key: String, label: String, gene5: String, gene3: String) -> String {
        if language == .ja, let japanese = Self.japaneseEvidenceLabel(key: key, english: label, gene5: gene5, gene3: gene3) { return japanese }
        return key == label ? Self.englishFeatureNames[key] ?? label : label
    }

    /// Feature-group names in the report's language.
    public func evidenceGroup(_ group: String) -> String {
        guard language == .ja else { return group }
        let names = [
            "frame/region": "読み枠・領域", "literature": "文献", "artefact": "アーティファクト", "domains": "ドメイン", "roles": "遺伝子の役割",
            "known fusions": "既知融合", "UTRs": "UTR", "SV": "SV", "normal tissue": "正常組織", "promiscuity": "融合パートナーの多さ",
            "therapy": "治療", "score": "スコア",
            // The model's feature groups (FeatureGroup).
            "gene roles": "遺伝子の役割", "normal-tissue/read-through/paralog": "正常組織・リードスルー・パラログ",
            "SV type and distance": "SVの種類と距離",
        ]
        return names[group] ?? group
    }

    /// Readable names for model features that have no evidence item of their own.
    static let englishFeatureNames = ["adjacent_same_strand": "Adjacent same-strand genes (read-through-like)", "reading_frame": "Reading frame"]
}
