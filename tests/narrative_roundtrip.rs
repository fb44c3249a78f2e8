//! Generated documents with a full 情况说明 (机构设置, project 绩效目标表,
//! 政府采购预算, 固定资产) round-trip exactly through `yusuan import`: every
//! stored row equals what the spec says, in 万元 and 元 (with separators),
//! UTF-8, GBK, BOM + CRLF and in a department file; and every figure the
//! generated narrative states agrees with the tables it was generated with.

mod common;

use common::{stderr_of, Scratch};
use rusqlite::Connection;
use std::collections::BTreeMap;
use yusuan_fixture::{
    realistic_unit, render_bytes, unit_roster, AmountUnit, AssetSpec, EconomicLine, FunctionLine,
    IndicatorSpec, InstitutionSpec, NarrativeSpec, PreviousYear, ProjectSpec, PurchaseSpec,
    RenderOptions, Sangong, TextEncoding, UnitSpec,
};

const SEED: u64 = 17;

fn style(
    amount_unit: AmountUnit,
    thousands: bool,
    encoding: TextEncoding,
    crlf: bool,
) -> RenderOptions {
    RenderOptions {
        amount_unit,
        thousands_separators: thousands,
        encoding,
        crlf,
        bookmark: crlf,
    }
}

/// A hand-made unit whose narrative has every edge the generator can
/// print: a decrease, a purchase without a 中小微企业 share, a 设备 line, a
/// 满意度 group, projects summing to the 项目支出.
fn handmade() -> UnitSpec {
    let indicator = |l1: &str, l2: &str, l3: &str, value: &str| IndicatorSpec {
        level1: l1.into(),
        level2: l2.into(),
        level3: l3.into(),
        description: format!("{l3}描述"),
        value: value.into(),
        basis: "年度工作计划".into(),
    };
    UnitSpec {
        code: "436001".into(),
        name: "测试中心本级".into(),
        year: 2024,
        function_lines: vec![
            FunctionLine {
                code: "2010301".into(),
                name: "行政运行".into(),
                basic_fen: 3_000_000_000,
                project_fen: 0,
            },
            FunctionLine {
                code: "2010302".into(),
                name: "一般行政管理事务".into(),
                basic_fen: 0,
                project_fen: 1_234_560_000,
            },
        ],
        class_names: BTreeMap::from([
            ("201".into(), "一般公共服务支出".into()),
            ("20103".into(), "政府办公厅（室）及相关机构事务".into()),
        ]),
        economic_lines: vec![
            EconomicLine {
                code: "30101".into(),
                name: "基本工资".into(),
                personnel_fen: 2_500_000_000,
                public_fen: 0,
            },
            EconomicLine {
                code: "30201".into(),
                name: "办公费".into(),
                personnel_fen: 0,
                public_fen: 300_000_000,
            },
            EconomicLine {
                code: "30217".into(),
                name: "公务接待费".into(),
                personnel_fen: 0,
                public_fen: 200_000_000,
            },
        ],
        economic_class_names: BTreeMap::from([
            ("301".into(), "工资福利支出".into()),
            ("302".into(), "商品和服务支出".into()),
        ]),
        sangong: Sangong {
            overseas_fen: 0,
            vehicle_purchase_fen: 250_000_000,
            vehicle_operation_fen: 80_000_000,
            reception_fen: 12_340_000,
        },
        narrative: NarrativeSpec {
            institution: Some(InstitutionSpec {
                nature: "事业".into(),
                grade: "副处级".into(),
                funding_form: "财政补助".into(),
            }),
            previous: Some(PreviousYear {
                basic_fen: 3_100_000_000,
                project_fen: 1_000_000_000,
            }),
            projects: vec![
                ProjectSpec {
                    name: "信息化建设经费".into(),
                    amount_fen: 1_000_000_000,
                    goal: "1.完成信息化建设".into(),
                    indicators: vec![
                        indicator("产出指标", "数量指标", "建设系统数量", "≥3个"),
                        indicator("产出指标", "数量指标", "培训人次", "≥120人次"),
                        indicator("产出指标", "成本指标", "项目控制预算数", "≤100万元"),
                        indicator("效益指标", "社会效益指标", "服务水平", "有所提升"),
                        indicator("满意度指标", "服务对象满意度指标", "满意度", "≥90%"),
                    ],
                },
                // A name with a standard table's words: its 绩效目标表 is
                // still a project table, not a 政府性基金 table.
                ProjectSpec {
                    name: "政府性基金管理经费".into(),
                    amount_fen: 234_560_000,
                    goal: "1.保障车辆合法运行".into(),
                    indicators: vec![indicator("产出指标", "数量指标", "车辆数", "7辆")],
                },
            ],
            purchases: vec![
                PurchaseSpec {
                    project: "信息化建设经费".into(),
                    budget_fen: 1_000_000_000,
                    item: "台式计算机".into(),
                    catalogue_code: "A02010104".into(),
                    measure_unit: "台".into(),
                    quantity: 30,
                    unit_price_fen: 600_000,
                    sme_reserved_fen: 0,
                },
                PurchaseSpec {
                    project: "信息化建设经费".into(),
                    budget_fen: 1_000_000_000,
                    item: "其他环保工程施工".into(),
                    catalogue_code: "B02149900".into(),
                    measure_unit: "批".into(),
                    quantity: 1,
                    unit_price_fen: 500_000_000,
                    sme_reserved_fen: 500_000_000,
                },
            ],
            assets: Some(AssetSpec {
                as_of: "2023-12-31".into(),
                building_m2: 1200,
                building_fen: 3_000_000_000,
                office_m2: 800,
                office_fen: 2_000_000_000,
                vehicles: 2,
                vehicle_fen: 500_000_000,
                equipment: 1,
                equipment_fen: 250_000_000,
                other: 87,
                other_fen: 123_450_000,
                planned_purchase_fen: 18_000_000,
            }),
        },
    }
}

/// The same unit with no narrative tables at all.
fn bare() -> UnitSpec {
    UnitSpec {
        code: "436002".into(),
        name: "测试所本级".into(),
        narrative: NarrativeSpec::default(),
        ..handmade()
    }
}

/// Every rendering over the corpus; returns each spec with its unit.
fn corpus(scratch: &Scratch) -> Vec<(UnitSpec, AmountUnit)> {
    let styles = [
        style(AmountUnit::Wanyuan, false, TextEncoding::Utf8, false),
        style(AmountUnit::Yuan, true, TextEncoding::Gbk, false),
        style(AmountUnit::Yuan, false, TextEncoding::Utf8Bom, true),
        style(AmountUnit::Wanyuan, true, TextEncoding::Gbk, true),
    ];
    let mut written = Vec::new();
    let mut n = 0;
    for year in 2021..=2023 {
        for (code, name) in unit_roster(3, SEED, year) {
            let spec = realistic_unit(&code, &name, year, SEED);
            let s = styles[n % styles.len()];
            n += 1;
            scratch.write(
                &format!("corpus/{code}-{year}.txt"),
                render_bytes(std::slice::from_ref(&spec), &s),
            );
            written.push((spec, s.amount_unit));
        }
    }
    let department = vec![handmade(), bare()];
    let s = style(AmountUnit::Yuan, true, TextEncoding::Utf8Bom, true);
    scratch.write("corpus/department.txt", render_bytes(&department, &s));
    written.extend(department.into_iter().map(|u| (u, AmountUnit::Yuan)));
    let wan = handmade();
    let wan = UnitSpec {
        code: "436003".into(),
        ..wan
    };
    scratch.write(
        "corpus/handmade-wan.txt",
        render_bytes(std::slice::from_ref(&wan), &RenderOptions::default()),
    );
    written.push((wan, AmountUnit::Wanyuan));
    written
}

fn disclosure(conn: &Connection, spec: &UnitSpec) -> i64 {
    conn.query_row(
        "SELECT id FROM disclosures WHERE unit_code = ?1 AND year = ?2",
        rusqlite::params![spec.code, spec.year],
        |r| r.get(0),
    )
    .unwrap()
}

type Cells = Vec<Option<String>>;

fn select(conn: &Connection, sql: &str, id: i64) -> Vec<Cells> {
    let mut stmt = conn.prepare(sql).unwrap();
    let width = stmt.column_count();
    stmt.query_map([id], |r| {
        (0..width)
            .map(|i| {
                let v: rusqlite::types::Value = r.get(i)?;
                Ok(match v {
                    rusqlite::types::Value::Null => None,
                    rusqlite::types::Value::Integer(n) => Some(n.to_string()),
                    rusqlite::types::Value::Text(t) => Some(t),
                    other => Some(format!("{other:?}")),
                })
            })
            .collect()
    })
    .unwrap()
    .map(Result::unwrap)
    .collect()
}

fn s(text: &str) -> Option<String> {
    Some(text.to_string())
}

fn n(value: i64) -> Option<String> {
    Some(value.to_string())
}

/// A zero amount or count prints blank, so it is stored NULL.
fn nz(value: i64) -> Option<String> {
    (value != 0).then(|| value.to_string())
}

fn check_sections(conn: &Connection, spec: &UnitSpec, id: i64) {
    let got = select(
        conn,
        "SELECT number_label, heading, topic FROM narrative_sections WHERE disclosure_id = ?1 ORDER BY ordinal",
        id,
    );
    let title = format!("{}{}年单位预算信息公开情况说明", spec.name, spec.year);
    let want: Vec<Cells> = [
        (None, title.as_str(), "前言"),
        (s("一"), "单位职责及机构设置情况", "职责"),
        (s("二"), "单位预算安排的总体情况", "总体情况"),
        (s("三"), "机关运行经费安排情况", "机关运行经费"),
        (s("四"), "财政拨款“三公”经费预算情况及增减变化原因", "三公"),
        (s("5"), "预算绩效信息", "绩效"),
        (s("六"), "政府采购预算情况", "政府采购"),
        (s("七"), "国有资产信息", "国有资产"),
        (s("八"), "名词解释", "名词解释"),
        (s("九"), "其他需要说明的事项", "其他"),
    ]
    .into_iter()
    .map(|(number, heading, topic)| vec![number, s(heading), s(topic)])
    .collect();
    assert_eq!(got, want, "{} {} sections", spec.code, spec.year);
}

fn check_tables(conn: &Connection, spec: &UnitSpec, unit: AmountUnit, id: i64) {
    let label = format!("{} {}", spec.code, spec.year);
    let n_ = &spec.narrative;

    let institutions = select(
        conn,
        "SELECT name, nature, grade, funding_form FROM institutions WHERE disclosure_id = ?1 ORDER BY row_no",
        id,
    );
    let want: Vec<Cells> = n_
        .institution
        .iter()
        .map(|i| vec![s(&spec.name), s(&i.nature), s(&i.grade), s(&i.funding_form)])
        .collect();
    assert_eq!(institutions, want, "{label} institutions");

    let procurement = select(
        conn,
        "SELECT kind, unit_name, project, budget_fen, item, catalogue_code, measure_unit, quantity_text,
                quantity_milli, unit_price_fen, total_fen, sme_reserved_fen, amount_unit
         FROM procurement_items WHERE disclosure_id = ?1 ORDER BY row_no",
        id,
    );
    let mut want: Vec<Cells> = Vec::new();
    if !n_.purchases.is_empty() {
        let total: i64 = n_
            .purchases
            .iter()
            .map(|p| p.unit_price_fen * i64::from(p.quantity))
            .sum();
        let sme: i64 = n_.purchases.iter().map(|p| p.sme_reserved_fen).sum();
        for (kind, unit_name, project) in [
            ("total", None, "合  计".to_string()),
            ("subtotal", s(&spec.name), format!("{}小计", spec.name)),
        ] {
            want.push(vec![
                s(kind),
                unit_name,
                s(&project),
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                n(total),
                nz(sme),
                s(unit.label()),
            ]);
        }
        for p in &n_.purchases {
            want.push(vec![
                s("item"),
                s(&spec.name),
                s(&p.project),
                n(p.budget_fen),
                s(&p.item),
                s(&p.catalogue_code),
                s(&p.measure_unit),
                n(i64::from(p.quantity)),
                n(i64::from(p.quantity) * 1000),
                n(p.unit_price_fen),
                n(p.unit_price_fen * i64::from(p.quantity)),
                nz(p.sme_reserved_fen),
                s(unit.label()),
            ]);
        }
    }
    assert_eq!(procurement, want, "{label} procurement");
    let funds = select(
        conn,
        "SELECT row_no, position, source, fen FROM procurement_funds WHERE disclosure_id = ?1 ORDER BY row_no",
        id,
    );
    let want: Vec<Cells> = procurement
        .iter()
        .enumerate()
        .map(|(i, row)| {
            vec![
                n(i as i64 + 1),
                n(9),
                s("一般公共预算拨款"),
                row[10].clone(),
            ]
        })
        .collect();
    assert_eq!(funds, want, "{label} procurement by fund source");

    let assets = select(
        conn,
        "SELECT item, part_of, measure, quantity_kind, quantity_text, value_fen, amount_unit, as_of
         FROM asset_lines WHERE disclosure_id = ?1 ORDER BY row_no",
        id,
    );
    let want: Vec<Cells> = match &n_.assets {
        None => Vec::new(),
        Some(a) => {
            let total = a.building_fen + a.vehicle_fen + a.equipment_fen + a.other_fen;
            let line = |item: &str,
                        part_of: Option<&str>,
                        measure: Option<&str>,
                        kind: Option<&str>,
                        count: u32,
                        value: Option<String>| {
                vec![
                    s(item),
                    part_of.map(str::to_string),
                    measure.map(str::to_string),
                    kind.map(str::to_string),
                    nz(i64::from(count)),
                    value,
                    s(unit.label()),
                    s(&a.as_of),
                ]
            };
            vec![
                line("资产总额", None, None, None, 0, n(total)),
                line(
                    "房屋",
                    None,
                    Some("平方米"),
                    Some("area"),
                    a.building_m2,
                    nz(a.building_fen),
                ),
                line(
                    "办公用房",
                    Some("房屋"),
                    Some("平方米"),
                    Some("area"),
                    a.office_m2,
                    nz(a.office_fen),
                ),
                line(
                    "车辆",
                    None,
                    Some("台、辆"),
                    Some("count"),
                    a.vehicles,
                    nz(a.vehicle_fen),
                ),
                line(
                    "单价在20万元以上的设备",
                    None,
                    None,
                    None,
                    a.equipment,
                    nz(a.equipment_fen),
                ),
                line("其他固定资产", None, None, None, a.other, nz(a.other_fen)),
            ]
        }
    };
    assert_eq!(assets, want, "{label} assets");

    let projects = select(
        conn,
        "SELECT ordinal, number, name, goal FROM projects WHERE disclosure_id = ?1 ORDER BY ordinal",
        id,
    );
    let want: Vec<Cells> = n_
        .projects
        .iter()
        .enumerate()
        .map(|(i, p)| vec![n(i as i64 + 1), n(i as i64 + 1), s(&p.name), s(&p.goal)])
        .collect();
    assert_eq!(projects, want, "{label} projects");
    let indicators = select(
        conn,
        "SELECT project, row_no, level1, level2, level3, description, value_text, comparator,
                value_number, value_unit, basis
         FROM project_indicators WHERE disclosure_id = ?1 ORDER BY project, row_no",
        id,
    );
    let want: Vec<Cells> = n_
        .projects
        .iter()
        .enumerate()
        .flat_map(|(p, project)| {
            project.indicators.iter().enumerate().map(move |(i, x)| {
                let (comparator, number, unit) = target(&x.value);
                vec![
                    n(p as i64 + 1),
                    n(i as i64 + 1),
                    s(&x.level1),
                    s(&x.level2),
                    s(&x.level3),
                    s(&x.description),
                    s(&x.value),
                    comparator,
                    number,
                    unit,
                    s(&x.basis),
                ]
            })
        })
        .collect();
    assert_eq!(indicators, want, "{label} indicators");
}

/// What the generator's 指标值 forms compare: `≥30次`, `≤2.8万元`, `7辆`.
fn target(value: &str) -> (Option<String>, Option<String>, Option<String>) {
    let (comparator, rest) = match value.chars().next() {
        Some(c @ ('≥' | '≤')) => (c.to_string(), &value[c.len_utf8()..]),
        _ => ("=".to_string(), value),
    };
    let digits = rest
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(rest.len());
    if digits == 0 {
        return (None, None, None);
    }
    let unit = &rest[digits..];
    (
        s(&comparator),
        s(&rest[..digits]),
        (!unit.is_empty()).then(|| unit.to_string()),
    )
}

/// (claim, item, qualifier, 分) of every figure the generated narrative states.
fn expected_figures(spec: &UnitSpec) -> Vec<Cells> {
    let total: i64 = spec
        .function_lines
        .iter()
        .map(|l| l.basic_fen + l.project_fen)
        .sum();
    let basic: i64 = spec.function_lines.iter().map(|l| l.basic_fen).sum();
    let project: i64 = spec.function_lines.iter().map(|l| l.project_fen).sum();
    let personnel: i64 = spec.economic_lines.iter().map(|l| l.personnel_fen).sum();
    let public: i64 = spec.economic_lines.iter().map(|l| l.public_fen).sum();
    let f = |claim: &str, item: Option<&str>, qualifier: Option<&str>, fen: i64| {
        vec![
            s(claim),
            item.map(str::to_string),
            qualifier.map(str::to_string),
            n(fen),
        ]
    };
    let mut out = vec![
        f("预算收入", None, None, total),
        f("收入来源", Some("一般公共预算收入"), None, total),
        f("收入来源", Some("基金预算收入"), None, 0),
        f("收入来源", Some("财政专户核拨收入"), None, 0),
        f("收入来源", Some("其他来源收入"), None, 0),
        f("预算支出", None, None, total),
        f("基本支出", None, None, basic),
        f("人员经费", None, None, personnel),
        f("公用经费", Some("日常公用经费"), None, public),
        f("项目支出", None, None, project),
    ];
    let n_ = &spec.narrative;
    for p in &n_.projects {
        out.push(f("项目", Some(&p.name), None, p.amount_fen));
    }
    if let Some(prev) = &n_.previous {
        let before = prev.basic_fen + prev.project_fen;
        out.push(f("预算支出", None, None, total));
        out.push(f("预算支出", None, Some("上年"), before));
        out.push(f("预算支出", None, Some("增减"), total - before));
        out.push(f("基本支出", None, Some("增减"), basic - prev.basic_fen));
        out.push(f(
            "项目支出",
            None,
            Some("增减"),
            project - prev.project_fen,
        ));
    }
    out.push(f("机关运行经费", None, None, public));
    let mut items: Vec<&EconomicLine> = spec
        .economic_lines
        .iter()
        .filter(|l| l.public_fen != 0)
        .collect();
    items.sort_by(|a, b| a.code.cmp(&b.code));
    for l in items {
        out.push(f("机关运行经费明细", Some(&l.name), None, l.public_fen));
    }
    let g = &spec.sangong;
    out.push(f(
        "三公经费",
        None,
        None,
        g.overseas_fen + g.vehicle_purchase_fen + g.vehicle_operation_fen + g.reception_fen,
    ));
    out.push(f(
        "三公经费明细",
        Some("因公出国（境）费"),
        None,
        g.overseas_fen,
    ));
    out.push(f(
        "三公经费明细",
        Some("公务用车购置费"),
        None,
        g.vehicle_purchase_fen,
    ));
    out.push(f(
        "三公经费明细",
        Some("公务用车运行维护费"),
        None,
        g.vehicle_operation_fen,
    ));
    out.push(f("三公经费明细", Some("公务接待费"), None, g.reception_fen));
    if !n_.purchases.is_empty() {
        let sum: i64 = n_
            .purchases
            .iter()
            .map(|p| p.unit_price_fen * i64::from(p.quantity))
            .sum();
        out.push(f("政府采购", None, None, sum));
    }
    if let Some(a) = &n_.assets {
        let sum = a.building_fen + a.vehicle_fen + a.equipment_fen + a.other_fen;
        out.push(f("固定资产", None, Some("上年末"), sum));
        out.push(f("固定资产购置", None, None, a.planned_purchase_fen));
    }
    out
}

fn check_figures(conn: &Connection, spec: &UnitSpec, unit: AmountUnit, id: i64) {
    let got = select(
        conn,
        "SELECT claim, item, qualifier, fen FROM stated_figures WHERE disclosure_id = ?1 ORDER BY ordinal",
        id,
    );
    assert_eq!(
        got,
        expected_figures(spec),
        "{} {} figures",
        spec.code,
        spec.year
    );
    let units = select(
        conn,
        "SELECT DISTINCT unit_as_written FROM stated_figures WHERE disclosure_id = ?1",
        id,
    );
    assert_eq!(
        units,
        vec![vec![s(unit.label())]],
        "written in the document's unit"
    );
}

/// The stated figures agree with the tables they were generated with.
fn check_against_tables(conn: &Connection, spec: &UnitSpec, id: i64) {
    let stated = |claim: &str, qualifier: Option<&str>| -> Option<i64> {
        conn.query_row(
            "SELECT fen FROM stated_figures WHERE disclosure_id = ?1 AND claim = ?2 AND qualifier IS ?3
             ORDER BY ordinal LIMIT 1",
            rusqlite::params![id, claim, qualifier],
            |r| r.get(0),
        )
        .ok()
    };
    let table = |kind: &str, item: &str, column: &str| -> Option<i64> {
        conn.query_row(
            "SELECT fen FROM figures WHERE unit_code = ?1 AND year = ?2 AND table_kind = ?3
               AND item = ?4 AND column_key = ?5",
            rusqlite::params![spec.code, spec.year, kind, item, column],
            |r| r.get(0),
        )
        .ok()
    };
    let label = format!("{} {}", spec.code, spec.year);
    assert_eq!(
        stated("预算支出", None),
        table("支出总表", "合计", "合计"),
        "{label}"
    );
    assert_eq!(
        stated("基本支出", None),
        table("支出总表", "合计", "基本支出"),
        "{label}"
    );
    assert_eq!(
        stated("项目支出", None),
        table("支出总表", "合计", "项目支出"),
        "{label}"
    );
    assert_eq!(
        stated("人员经费", None),
        table("基本支出表", "合计", "人员经费"),
        "{label}"
    );
    assert_eq!(
        stated("公用经费", None),
        table("基本支出表", "合计", "公用经费"),
        "{label}"
    );
    assert_eq!(
        stated("机关运行经费", None),
        table("基本支出表", "合计", "公用经费"),
        "{label}"
    );
    assert_eq!(
        stated("三公经费", None),
        table("三公经费表", "小计", "合计"),
        "{label}"
    );
    let one = |sql: &str| -> Option<i64> { conn.query_row(sql, [id], |r| r.get(0)).ok() };
    if !spec.narrative.purchases.is_empty() {
        assert_eq!(
            stated("政府采购", None),
            one("SELECT total_fen FROM procurement_items WHERE disclosure_id = ?1 AND kind = 'total'"),
            "{label}"
        );
    }
    if spec.narrative.assets.is_some() {
        assert_eq!(
            stated("固定资产", Some("上年末")),
            one("SELECT value_fen FROM asset_lines WHERE disclosure_id = ?1 AND item = '资产总额'"),
            "{label}"
        );
    }
    let projects = one("SELECT sum(fen) FROM stated_figures WHERE disclosure_id = ?1 AND claim = '项目' AND qualifier IS NULL");
    if !spec.narrative.projects.is_empty() {
        assert_eq!(
            projects,
            table("支出总表", "合计", "项目支出"),
            "{label} Σ projects"
        );
    }
}

#[test]
fn generated_narratives_round_trip_exactly() {
    let scratch = Scratch::new();
    let written = corpus(&scratch);
    let output = scratch
        .yusuan()
        .arg("import")
        .arg(scratch.path("corpus"))
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    let stdout = common::stdout_of(&output);
    assert!(
        !stdout.contains("未识别"),
        "no table left unrecognised: {stdout}"
    );
    let conn = scratch.conn();
    assert_eq!(written.len(), 12);
    for (spec, unit) in &written {
        let id = disclosure(&conn, spec);
        check_sections(&conn, spec, id);
        check_tables(&conn, spec, *unit, id);
        check_figures(&conn, spec, *unit, id);
        check_against_tables(&conn, spec, id);
    }
    // The corpus exercises every table and both numbering scripts.
    let counts: Vec<i64> = [
        "institutions",
        "procurement_items",
        "asset_lines",
        "project_indicators",
    ]
    .iter()
    .map(|t| {
        conn.query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0))
            .unwrap()
    })
    .collect();
    assert!(counts.iter().all(|c| *c > 0), "{counts:?}");
    let broken: i64 = conn
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(broken, 0);
}

/// A realistic unit's 比上年增减 states last year's total: the one its own
/// document of last year publishes.
#[test]
fn last_years_stated_total_is_last_years_document() {
    let scratch = Scratch::new();
    let (code, name) = unit_roster(1, SEED, 2022).remove(0);
    for year in [2021, 2022] {
        let spec = realistic_unit(&code, &name, year, SEED);
        scratch.write(
            &format!("corpus/{year}.txt"),
            render_bytes(&[spec], &RenderOptions::default()),
        );
    }
    scratch
        .yusuan()
        .arg("import")
        .arg(scratch.path("corpus"))
        .assert()
        .success();
    let conn = scratch.conn();
    let stated: i64 = conn
        .query_row(
            "SELECT fen FROM stated_figures f JOIN disclosures d ON d.id = f.disclosure_id
             WHERE d.year = 2022 AND f.claim = '预算支出' AND f.qualifier = '上年'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let published: i64 = conn
        .query_row(
            "SELECT fen FROM figures WHERE year = 2021 AND table_kind = '支出总表' AND item = '合计'
               AND column_key = '合计'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(stated, published);
}
