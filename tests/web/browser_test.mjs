// Browser checks of the built site in Debian's Chromium (Playwright drives it;
// axe-core audits it). Run by tests/integration/test_browser.py, which builds
// the demo site and serves it on 127.0.0.1:
//   node browser_test.mjs <base URL> <public dir>
// One page of every template is checked; templates are read from
// <body data-template="…">, so a new template is picked up with no change here.
//
// Zoom: Playwright's deviceScaleFactor changes device pixels, not CSS pixels,
// so it is not zoom. A 1280 px wide window at 200% zoom lays the page out in
// 640 CSS px (media queries see 640 px too), so 200% zoom is checked as a
// 640×400 viewport; 320 px is WCAG 1.4.10's reflow width (1280 px at 400%).
//
// Prints one line per check and ends with "N passed, M failed".
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const AXE_SOURCE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
// Templates the site must have; others found in the output are checked too.
const REQUIRED_TEMPLATES = ["home", "order", "orders", "page", "case", "cases", "organization", "organizations",
  "programs", "working_group", "roadmap", "indicators", "indicator", "search", "not_found"];

const [base, publicDir] = process.argv.slice(2);
if (!base || !publicDir) {
  console.error("usage: node browser_test.mjs <base URL> <public dir>");
  process.exit(2);
}
const screenshotDir = process.env.SCREENSHOT_DIR || "";

let passed = 0;
let failed = 0;
function check(ok, name, detail = "") {
  if (ok) {
    passed++;
    console.log(`ok   ${name}`);
  } else {
    failed++;
    console.log(`FAIL ${name}${detail ? `\n     ${detail.replace(/\n/g, "\n     ")}` : ""}`);
  }
  return ok;
}

// page path ("orders/x/index.html") of one page per template, sorted.
function pagesByTemplate() {
  const out = new Map();
  const walk = (dir) => {
    for (const name of fs.readdirSync(dir).sort()) {
      const full = path.join(dir, name);
      const rel = path.relative(publicDir, full).split(path.sep).join("/");
      if (rel === "pagefind") continue;
      if (fs.statSync(full).isDirectory()) walk(full);
      else if (name.endsWith(".html")) {
        const m = fs.readFileSync(full, "utf8").match(/<body[^>]*\bdata-template="([^"]+)"/);
        const template = m ? m[1] : "(нет data-template)";
        if (!out.has(template)) out.set(template, rel);
      }
    }
  };
  walk(publicDir);
  return out;
}

async function axe(page) {
  await page.addScriptTag({ content: AXE_SOURCE });
  return page.evaluate(async (tags) => {
    const r = await window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
    return r.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join("; ")}`);
  }, AXE_TAGS);
}

async function horizontalOverflow(page) {
  return page.evaluate(() => {
    const doc = document.documentElement;
    const over = doc.scrollWidth - doc.clientWidth;
    if (over <= 0) return "";
    // Name the widest elements, to say what to fix.
    const wide = [...document.querySelectorAll("body *")]
      .filter((e) => e.getBoundingClientRect().right > doc.clientWidth + 1 && !e.closest(".table-wrap"))
      .slice(0, 3).map((e) => e.tagName.toLowerCase() + (e.className ? "." + e.className : ""));
    return `страница шире окна на ${over} px: ${wide.join(", ")}`;
  });
}

async function structure(page) {
  return page.evaluate(() => {
    const problems = [];
    const headings = [...document.querySelectorAll("h1, h2, h3, h4, h5, h6")].map((h) => Number(h.tagName[1]));
    if (headings.filter((l) => l === 1).length !== 1) problems.push(`заголовков h1: ${headings.filter((l) => l === 1).length}`);
    for (let i = 1; i < headings.length; i++)
      if (headings[i] > headings[i - 1] + 1) problems.push(`после h${headings[i - 1]} идёт h${headings[i]}`);
    for (const sel of ["header", "nav", "main", "footer"])
      if (!document.querySelector(sel)) problems.push(`нет <${sel}>`);
    if (!document.querySelector("a.skip-link[href='#main']")) problems.push("нет ссылки «Перейти к основному содержанию»");
    for (const t of document.querySelectorAll("table")) {
      if (!t.querySelector("th")) problems.push("таблица без ячеек-заголовков <th>");
      const region = t.closest("[role=region]");
      if (!t.querySelector("caption") && !(region && (region.getAttribute("aria-label") || region.getAttribute("aria-labelledby"))))
        problems.push("таблица без подписи (<caption> или aria-label у её области)");
    }
    return problems;
  });
}

async function shoot(page, name, fullPage = true) {
  if (!screenshotDir) return;
  fs.mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage });
}

async function checkTemplatePage(browser, template, rel) {
  const url = base + rel;
  for (const [label, viewport] of [["1280 px", { width: 1280, height: 800 }],
                                   ["200% (640 px)", { width: 640, height: 400 }],
                                   ["320 px", { width: 320, height: 640 }]]) {
    const ctx = await browser.newContext({ viewport });
    const page = await ctx.newPage();
    const resp = await page.goto(url, { waitUntil: "load" });
    check(resp && resp.status() === 200, `${template} ${rel}: открывается (${label})`);
    const overflow = await horizontalOverflow(page);
    check(!overflow, `${template}: без горизонтальной прокрутки при ${label}`, overflow);
    if (label === "1280 px") {
      const problems = await structure(page);
      check(problems.length === 0, `${template}: ориентиры, заголовки по порядку, таблицы с заголовками`, problems.join("\n"));
      const v = await axe(page);
      check(v.length === 0, `${template}: axe WCAG 2.1 AA — нарушений нет`, v.join("\n"));
      await shoot(page, `${template}-1280`);
    }
    if (label === "320 px") {
      // The version for the visually impaired must reflow and pass axe too.
      await shoot(page, `${template}-320`);
      await page.evaluate(() => localStorage.setItem("nastavnik-a11y", "1"));
      await page.reload({ waitUntil: "load" });
      const overflowA11y = await horizontalOverflow(page);
      check(!overflowA11y, `${template}: версия для слабовидящих без горизонтальной прокрутки при 320 px`, overflowA11y);
      const v = await axe(page);
      check(v.length === 0, `${template}: версия для слабовидящих — axe без нарушений`, v.join("\n"));
      await shoot(page, `${template}-320-a11y`);
    }
    await ctx.close();
  }
}

async function checkKeyboard(browser, homeRel, imagePageRel) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await ctx.newPage();
  await page.goto(base + homeRel, { waitUntil: "load" });

  // Skip link: the first Tab stop, visible when focused, moves focus to <main>.
  await page.keyboard.press("Tab");
  const skip = await page.evaluate(() => {
    const e = document.activeElement;
    const r = e.getBoundingClientRect();
    return { cls: e.className, visible: r.left >= 0 && r.top >= 0 && r.width > 0 && r.height > 0 };
  });
  check(skip.cls === "skip-link", "клавиатура: первая остановка Tab — ссылка «Перейти к основному содержанию»", JSON.stringify(skip));
  check(skip.visible, "клавиатура: ссылка пропуска видна при фокусе");
  await page.keyboard.press("Enter");
  const active = await page.evaluate(() => document.activeElement && document.activeElement.id);
  check(active === "main", "клавиатура: Enter на ссылке пропуска переносит фокус в <main>", `фокус на #${active}`);

  // Visible focus on every Tab stop of the page.
  await page.goto(base + homeRel, { waitUntil: "load" });
  const invisible = [];
  let toggleStop = -1;
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press("Tab");
    const f = await page.evaluate(() => {
      const e = document.activeElement;
      if (!e || e === document.body) return null;
      const s = getComputedStyle(e);
      return { id: e.id, text: (e.textContent || "").trim().slice(0, 40), tag: e.tagName,
               visible: (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2) || s.boxShadow !== "none" };
    });
    if (!f) break;
    if (f.id === "a11y-toggle" && toggleStop < 0) toggleStop = i + 1;
    if (!f.visible) invisible.push(`${f.tag} «${f.text}»`);
  }
  check(invisible.length === 0, "клавиатура: у каждого элемента виден фокус", invisible.join("\n"));

  // The visually-impaired switch: reached by Tab, switched by Enter, remembered.
  check(toggleStop > 0, "клавиатура: до переключателя версии для слабовидящих можно дойти клавишей Tab");
  await page.goto(base + homeRel, { waitUntil: "load" });
  for (let i = 0; i < toggleStop; i++) await page.keyboard.press("Tab");
  const focused = await page.evaluate(() => document.activeElement.id);
  check(focused === "a11y-toggle", "клавиатура: фокус на переключателе", `фокус на #${focused}`);
  await page.keyboard.press("Enter");
  const on = await page.evaluate(() => ({
    cls: document.documentElement.classList.contains("a11y"),
    pressed: document.getElementById("a11y-toggle").getAttribute("aria-pressed"),
    size: parseFloat(getComputedStyle(document.body).fontSize) }));
  check(on.cls && on.pressed === "true", "переключатель: Enter включает версию для слабовидящих", JSON.stringify(on));
  check(on.size >= 22, "версия для слабовидящих: крупный шрифт (не меньше 22 px)", `${on.size} px`);
  await page.reload({ waitUntil: "load" });
  const kept = await page.evaluate(() => document.documentElement.classList.contains("a11y"));
  check(kept, "переключатель: выбор сохраняется после перезагрузки");
  if (imagePageRel) {
    await page.goto(base + imagePageRel, { waitUntil: "load" });
    const shown = await page.evaluate(() => [...document.querySelectorAll("main img")].filter((i) => getComputedStyle(i).display !== "none").length);
    check(shown === 0, "версия для слабовидящих: изображения скрыты (на другой странице тоже)", `видно картинок: ${shown}`);
    await shoot(page, "case-a11y-1280");
  }
  await page.goto(base + homeRel, { waitUntil: "load" });
  await page.focus("#a11y-toggle");
  await page.keyboard.press("Enter");
  await page.reload({ waitUntil: "load" });
  const off = await page.evaluate(() => document.documentElement.classList.contains("a11y"));
  check(!off, "переключатель: обычная версия возвращается и тоже запоминается");
  await ctx.close();
}

// The section menu on a phone (360×640 CSS px) in the version for the
// visually impaired, at 200% zoom and with the browser's text size at 200%
// (Chromium's default font size 32 px instead of 16, set through the DevTools
// protocol: em media queries follow it, as they do a user's font setting): the
// menu folds behind the «Меню» button so the page's heading is on the first
// screen; the button opens it, its links are reached by Tab, Escape closes it.
// Without JavaScript the menu is shown; on wide screens and in print nothing
// changes. A phone with 200% text lays out like a 180 px wide screen (11.25em).
const PHONE = { width: 360, height: 640 };

async function menuState(page) {
  return page.evaluate(() => {
    const button = document.getElementById("menu-toggle");
    const menu = document.getElementById("site-menu");
    const shown = (e) => !!e && getComputedStyle(e).display !== "none" && e.getBoundingClientRect().height > 0;
    // The first line of the heading: a range's first box, not the whole block.
    const h1 = document.querySelector("main h1");
    const range = document.createRange();
    range.selectNodeContents(h1);
    const line = range.getClientRects()[0] || h1.getBoundingClientRect();
    return { button: shown(button), expanded: button && button.getAttribute("aria-expanded"),
             menu: shown(menu), links: menu ? menu.querySelectorAll("a").length : 0,
             h1Line: Math.round(line.bottom + window.scrollY), screen: window.innerHeight,
             row: menu ? getComputedStyle(menu).flexDirection === "row" : false };
  });
}

async function phoneContext(browser, { a11y = false, textZoom = false, viewport = PHONE, javaScriptEnabled = true } = {}) {
  const ctx = await browser.newContext({ viewport, javaScriptEnabled });
  if (a11y) await ctx.addInitScript(() => localStorage.setItem("nastavnik-a11y", "1"));
  const page = await ctx.newPage();
  if (textZoom) {
    const cdp = await ctx.newCDPSession(page);
    await cdp.send("Page.enable");
    await cdp.send("Page.setFontSizes", { fontSizes: { standard: 32, fixed: 26 } });
  }
  return { ctx, page };
}

// Opens one page of every template in one context; the caller closes it.
async function visitTemplates(browser, opts, templates, visit) {
  const { ctx, page } = await phoneContext(browser, opts);
  for (const [template, rel] of templates) {
    await page.goto(base + rel, { waitUntil: "load" });
    await visit(page, template, rel);
  }
  return { ctx, page };
}

async function checkPhoneMenu(browser, templates, homeRel) {
  for (const [label, opts, heading] of [
    ["360×640, версия для слабовидящих", { a11y: true }, true],
    ["200% (640×400)", { viewport: { width: 640, height: 400 } }, true],
    ["1280×800, текст 200%", { textZoom: true, viewport: { width: 1280, height: 800 } }, true],
    ["360×640, текст 200%", { textZoom: true }, true]]) {
    const below = [];
    const open = [];
    const { ctx, page } = await visitTemplates(browser, opts, templates, async (page, template, rel) => {
      const s = await menuState(page);
      if (!s.button || s.expanded !== "false" || s.menu) open.push(`${template}: ${JSON.stringify(s)}`);
      if (heading && s.h1Line > s.screen) below.push(`${template} ${rel}: первая строка h1 кончается на ${s.h1Line} px, экран ${s.screen} px`);
    });
    check(open.length === 0, `меню (${label}): свёрнуто под кнопку «Меню» на страницах всех шаблонов`, open.join("\n"));
    if (heading) check(below.length === 0, `меню (${label}): заголовок h1 виден на первом экране без прокрутки`, below.join("\n"));
    if (opts.a11y) await shoot(page, "menu-360-a11y-closed", false);
    await ctx.close();
  }

  // Keyboard, on a phone in the version for the visually impaired.
  const { ctx, page } = await phoneContext(browser, { a11y: true });
  await page.goto(base + homeRel, { waitUntil: "load" });
  let stops = 0;
  let focused = "";
  while (stops < 10 && focused !== "menu-toggle") {
    await page.keyboard.press("Tab");
    stops++;
    focused = await page.evaluate(() => document.activeElement && document.activeElement.id);
  }
  check(focused === "menu-toggle", "меню на телефоне: до кнопки «Меню» доходит клавиша Tab", `остановок: ${stops}, фокус на #${focused}`);
  const button = await page.evaluate(() => {
    const b = document.activeElement;
    const s = getComputedStyle(b);
    return { name: b.textContent.trim(), tag: b.tagName, controls: b.getAttribute("aria-controls"),
             focusVisible: (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2) || s.boxShadow !== "none" };
  });
  check(button.tag === "BUTTON" && button.name === "Меню" && button.controls === "site-menu",
        "меню на телефоне: кнопка «Меню» — <button> с aria-controls", JSON.stringify(button));
  check(button.focusVisible, "меню на телефоне: фокус на кнопке «Меню» виден");
  await page.keyboard.press("Enter");
  let s = await menuState(page);
  check(s.expanded === "true" && s.menu, "меню на телефоне: Enter открывает меню (aria-expanded=\"true\")", JSON.stringify(s));
  await shoot(page, "menu-360-a11y-open", false);
  const v = await axe(page);
  check(v.length === 0, "меню на телефоне: открытое меню — axe без нарушений", v.join("\n"));
  const reached = [];
  const problems = [];
  for (let i = 0; i < s.links; i++) {
    await page.keyboard.press("Tab");
    const f = await page.evaluate(() => {
      const e = document.activeElement;
      const r = e.getBoundingClientRect();
      const st = getComputedStyle(e);
      return { inMenu: !!e.closest("#site-menu"), text: e.textContent.trim(), current: e.getAttribute("aria-current"),
               onScreen: r.width > 0 && r.height > 0 && r.top >= -1 && r.bottom <= window.innerHeight + 1,
               focusVisible: (st.outlineStyle !== "none" && parseFloat(st.outlineWidth) >= 2) || st.boxShadow !== "none",
               marked: st.fontWeight >= 700 && st.boxShadow !== "none" };
    });
    if (!f.inMenu) { problems.push(`Tab ушёл из меню на «${f.text}»`); break; }
    reached.push(f.text);
    if (!f.onScreen || !f.focusVisible) problems.push(`«${f.text}»: ${JSON.stringify(f)}`);
    if (f.current === "page" && !f.marked) problems.push(`текущий раздел «${f.text}» не выделен`);
  }
  check(reached.length === s.links && problems.length === 0,
        `меню на телефоне: все ${s.links} ссылок меню достижимы клавишей Tab, видны и с видимым фокусом`,
        `пройдено: ${reached.join(", ")}\n${problems.join("\n")}`);
  await page.keyboard.press("Escape");
  s = await menuState(page);
  focused = await page.evaluate(() => document.activeElement.id);
  check(s.expanded === "false" && !s.menu && focused === "menu-toggle",
        "меню на телефоне: Escape закрывает меню и возвращает фокус на кнопку", `${JSON.stringify(s)}, фокус на #${focused}`);
  // Open again and follow a link: on the new page the menu is folded and the
  // section is marked as the current one.
  await page.keyboard.press("Space");
  const target = await page.evaluate(() => {
    const a = [...document.querySelectorAll("#site-menu a")].find((x) => !x.hasAttribute("aria-current"));
    a.focus();
    return a.textContent.trim();
  });
  await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.keyboard.press("Enter")]);
  s = await menuState(page);
  const current = await page.evaluate(() => {
    const a = document.querySelector("#site-menu a[aria-current='page']");
    return a ? a.textContent.trim() : "";
  });
  check(current === target && s.expanded === "false" && !s.menu,
        `меню на телефоне: Enter на ссылке «${target}» открывает раздел; там меню свёрнуто, раздел отмечен текущим`,
        `текущий: «${current}», ${JSON.stringify(s)}`);
  await ctx.close();

  // Without JavaScript: no button, the menu is shown.
  {
    const { ctx, page } = await phoneContext(browser, { javaScriptEnabled: false });
    await page.goto(base + homeRel, { waitUntil: "load" });
    const s = await menuState(page);
    check(!s.button && s.menu, "меню на телефоне без JavaScript: кнопки нет, меню показано", JSON.stringify(s));
    await ctx.close();
  }
  // Wide screens, both versions: the menu is a row of links, no button.
  for (const a11y of [false, true]) {
    const { ctx, page } = await phoneContext(browser, { a11y, viewport: { width: 1280, height: 800 } });
    await page.goto(base + homeRel, { waitUntil: "load" });
    const s = await menuState(page);
    check(!s.button && s.menu && s.row, `меню на широком экране${a11y ? " (версия для слабовидящих)" : ""}: строка ссылок, без кнопки`,
          JSON.stringify(s));
    await ctx.close();
  }
  // Print: no navigation at all, on a narrow page too.
  {
    const { ctx, page } = await phoneContext(browser, { a11y: true });
    await page.goto(base + homeRel, { waitUntil: "load" });
    await page.emulateMedia({ media: "print" });
    const nav = await page.evaluate(() => getComputedStyle(document.querySelector(".site-nav")).display);
    check(nav === "none", "печать: меню и кнопка «Меню» не печатаются", `display: ${nav}`);
    await ctx.close();
  }
}

// Phones (320 and 360 CSS px wide, 640 high) at 100% text, 200% text and in the
// version for the visually impaired (also with 200% text), and WCAG 1.4.10's reflow (a 1280×1024
// window at 400% zoom is 320×256 CSS px): no page of any template scrolls
// sideways (tables and charts scroll in their own box), and on a phone the
// header (name, tools, «Меню») takes at most a third of the first screen.
// Then the header's controls at 200% text: each reached by Tab, with a
// visible focus, whole on the screen, named for screen readers.
async function headerShare(page) {
  return page.evaluate(() => document.querySelector(".site-header").getBoundingClientRect().bottom / window.innerHeight);
}

async function checkPhoneLayouts(browser, templates, homeRel) {
  for (const [label, opts, phone] of [
    ["320×640", { viewport: { width: 320, height: 640 } }, true],
    ["360×640", {}, true],
    ["320×640, текст 200%", { textZoom: true, viewport: { width: 320, height: 640 } }, true],
    ["360×640, текст 200%", { textZoom: true }, true],
    ["320×640, версия для слабовидящих", { a11y: true, viewport: { width: 320, height: 640 } }, true],
    ["360×640, версия для слабовидящих", { a11y: true }, true],
    ["360×640, версия для слабовидящих и текст 200%", { a11y: true, textZoom: true }, true],
    ["400% (320×256)", { viewport: { width: 320, height: 256 } }, false]]) {
    const wide = [];
    const tall = [];
    const { ctx, page } = await visitTemplates(browser, opts, templates, async (page, template, rel) => {
      const overflow = await horizontalOverflow(page);
      if (overflow) wide.push(`${template} ${rel}: ${overflow}`);
      const share = await headerShare(page);
      if (phone && share > 1 / 3) tall.push(`${template} ${rel}: шапка — ${Math.round(share * 100)}% экрана`);
    });
    check(wide.length === 0, `${label}: страницы всех шаблонов без горизонтальной прокрутки`, wide.join("\n"));
    if (phone) check(tall.length === 0, `${label}: шапка занимает не больше трети первого экрана`, tall.join("\n"));
    await shoot(page, `phone-${label.replace(/[^0-9a-z]+/gi, "-")}`, false);
    await ctx.close();
  }

  const { ctx, page } = await phoneContext(browser, { textZoom: true, viewport: { width: 320, height: 640 } });
  await page.goto(base + homeRel, { waitUntil: "load" });
  const seen = [];
  const problems = [];
  for (let i = 0; i < 10 && !seen.includes("menu-toggle"); i++) {
    await page.keyboard.press("Tab");
    const f = await page.evaluate(() => {
      const e = document.activeElement;
      const r = e.getBoundingClientRect();
      const st = getComputedStyle(e);
      return { id: e.id || e.className, inHeader: !!e.closest(".site-header"),
               whole: r.left >= 0 && r.right <= document.documentElement.clientWidth && r.top >= 0 && r.bottom <= window.innerHeight,
               focusVisible: (st.outlineStyle !== "none" && parseFloat(st.outlineWidth) >= 2) || st.boxShadow !== "none" };
    });
    if (!f.inHeader) continue;
    seen.push(f.id);
    if (!f.whole || !f.focusVisible) problems.push(JSON.stringify(f));
  }
  check(["brand-link", "a11y-toggle", "search-link", "menu-toggle"].every((id) => seen.includes(id)) && problems.length === 0,
        "шапка при 320×640 и тексте 200%: название, переключатель, поиск и «Меню» достижимы Tab, видны целиком, фокус виден",
        `пройдено: ${seen.join(", ")}\n${problems.join("\n")}`);
  const names = await page.evaluate(() => ["a11y-toggle", "search-link"].map((c) => {
    const e = document.querySelector("." + c);
    return e.textContent.trim();
  }));
  check(names[0] === "Версия для слабовидящих" && names[1] === "Поиск",
        "шапка на телефоне: у кнопок-значков есть названия для экранного диктора", names.join(", "));
  const v = await axe(page);
  check(v.length === 0, "шапка при 320×640 и тексте 200%: axe без нарушений", v.join("\n"));
  await shoot(page, "phone-320-text200-header", false);
  await ctx.close();
}

async function search(page, query) {
  const input = page.locator(".pagefind-ui__search-input");
  await input.fill("");
  await input.fill(query);
  await page.waitForSelector(".pagefind-ui__result-link", { timeout: 15000 }).catch(() => {});
  await page.waitForTimeout(500);  // the UI debounces and loads fragments
  return page.evaluate(() => [...document.querySelectorAll(".pagefind-ui__result-link")].map((a) => ({ href: a.getAttribute("href"), title: a.textContent.trim() })));
}

async function checkSearch(browser, searchRel, absentForm, absentFormCase) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await ctx.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(base + searchRel, { waitUntil: "load" });
  const ready = await page.waitForSelector(".pagefind-ui__search-input", { timeout: 15000 }).then(() => true, () => false);
  check(ready, "поиск: Pagefind UI загружается с нашего сайта", errors.join("\n"));
  if (!ready) return ctx.close();
  const notice = await page.evaluate(() => document.getElementById("search-unavailable").hidden);
  check(notice, "поиск: сообщение «поиск недоступен» скрыто, когда поиск работает");

  let results = await search(page, "наставника");
  check(results.some((r) => r.href.includes("/cases/") && /наставник(?![а-яё])/i.test(r.title)),
        "поиск: «наставника» находит практику со словом «наставник» в названии",
        results.map((r) => `${r.title} ${r.href}`).join("\n"));
  check(results.every((r) => r.href.startsWith(new URL(base).pathname)),
        "поиск: ссылки результатов ведут внутрь раздела", results.map((r) => r.href).join("\n"));
  if (results.length) {
    const target = results[0].href;
    const resp = await page.request.get(new URL(target, base).toString());
    check(resp.status() === 200, `поиск: ссылка результата открывается (${target})`);
  }
  results = await search(page, absentForm);
  check(results.some((r) => r.href.includes(absentFormCase)),
        `поиск: словоформа «${absentForm}», которой нет на сайте, находит ${absentFormCase} (русская морфология)`,
        results.map((r) => `${r.title} ${r.href}`).join("\n"));

  const filters = await page.evaluate(async () => {
    const bundle = new URL(document.getElementById("search").dataset.bundle, location.href).pathname;
    const pf = await import(bundle + "pagefind.js");
    await pf.init();
    return Object.keys(await pf.filters()).sort();
  });
  for (const f of ["Вид наставничества", "Организация", "Учебный год", "Форма наставничества"])
    check(filters.includes(f), `поиск: фильтр «${f}» у практик`, `фильтры: ${filters.join(", ")}`);
  const v = await axe(page);
  check(v.length === 0, "поиск: axe без нарушений с результатами на странице", v.join("\n"));
  await shoot(page, "search-results");
  check(errors.length === 0, "поиск: без ошибок JavaScript", errors.join("\n"));
  await ctx.close();
  // On a phone with 200% text: Pagefind's UI grows with the text (its sizes
  // are px times --pagefind-ui-scale, set by site.js), the typed words have
  // room in the field, and the results do not widen the page.
  const phone = await phoneContext(browser, { textZoom: true, viewport: { width: 320, height: 640 } });
  await phone.page.goto(base + searchRel, { waitUntil: "load" });
  await phone.page.waitForSelector(".pagefind-ui__search-input", { timeout: 15000 }).catch(() => {});
  results = await search(phone.page, "наставника");
  const layout = await phone.page.evaluate(() => {
    const input = document.querySelector(".pagefind-ui__search-input");
    const excerpt = document.querySelector(".pagefind-ui__result-excerpt");
    const s = getComputedStyle(input);
    const px = (e) => parseFloat(getComputedStyle(e).fontSize);
    return { room: Math.round(input.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight)), inputFont: px(input),
             text: px(document.documentElement), excerpt: excerpt ? px(excerpt) : 0 };
  });
  check(results.length > 0 && layout.excerpt >= 0.75 * layout.text && layout.room >= 4 * layout.inputFont,
        "поиск на телефоне с текстом 200%: результаты крупные, как текст страницы, в поле видно набранное слово",
        JSON.stringify({ results: results.length, ...layout }));
  const overflow = await horizontalOverflow(phone.page);
  check(!overflow, "поиск на телефоне с текстом 200%: с результатами без горизонтальной прокрутки", overflow);
  await shoot(phone.page, "search-320-text200", false);
  await phone.ctx.close();
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"],
  headless: true,
});
try {
  const templates = pagesByTemplate();
  console.log(`шаблоны: ${[...templates.entries()].map(([t, p]) => `${t} → ${p}`).join(", ")}`);
  for (const t of REQUIRED_TEMPLATES) check(templates.has(t), `есть страница шаблона «${t}»`);
  check(!templates.has("(нет data-template)"), "у каждой страницы есть <body data-template>", templates.get("(нет data-template)"));
  for (const [template, rel] of templates) await checkTemplatePage(browser, template, rel);
  const imagePage = process.env.IMAGE_PAGE || "";
  await checkKeyboard(browser, templates.get("home") || "index.html", imagePage);
  await checkPhoneMenu(browser, templates, templates.get("home") || "index.html");
  await checkPhoneLayouts(browser, templates, templates.get("home") || "index.html");
  await checkSearch(browser, templates.get("search") || "search/index.html",
                    process.env.ABSENT_FORM || "", process.env.ABSENT_FORM_PAGE || "");
} catch (e) {
  check(false, "проверка в браузере завершилась исключением", String(e && e.stack || e));
} finally {
  await browser.close();
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
