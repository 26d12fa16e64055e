// Takes the README's screenshots of the demo town with Playwright's own driver (the one the .NET
// package ships under CallCenter.Tests/bin/*/net10.0/.playwright) and Debian's Chromium. Usage, with the
// app running in demo mode on http://localhost:5000:
//   CallCenter.Tests/bin/Debug/net10.0/.playwright/node/linux-x64/node docs/tools/readme-screenshots.js
const path = require("path");
const { chromium } = require(path.resolve("CallCenter.Tests/bin/Debug/net10.0/.playwright/package"));

(async () => {
    const browser = await chromium.launch({
        executablePath: "/usr/bin/chromium",
        args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run", "--disable-quic"],
    });
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: "ja-JP", timezoneId: "Asia/Tokyo" });
    const base = process.env.BASE_URL || "http://localhost:5000";
    await page.goto(base + "/account/sign-in");
    await page.fill("[data-testid=user-name-input]", "operator");
    await page.fill("[data-testid=password-input]", "demo-operator");
    await page.click("[data-testid=sign-in-button]");
    await page.waitForSelector("[data-interactive=true]", { state: "attached" });
    await page.fill("[data-testid=search-input]", process.env.QUERY || "さとう");
    await page.waitForSelector("[data-testid=search-result]");
    await page.waitForTimeout(500);
    await page.screenshot({ path: "docs/screenshots/demo-search.png" });
    await page.keyboard.press("Enter");
    await page.waitForSelector("[data-testid=resident-name]");
    await page.waitForTimeout(500);
    await page.screenshot({ path: "docs/screenshots/demo-resident.png" });

    const supervisor = await browser.newPage({ viewport: { width: 1600, height: 1000 }, locale: "ja-JP", timezoneId: "Asia/Tokyo" });
    await supervisor.goto(base + "/account/sign-in?returnUrl=%2Fdashboard");
    await supervisor.fill("[data-testid=user-name-input]", "supervisor");
    await supervisor.fill("[data-testid=password-input]", "demo-supervisor");
    await supervisor.click("[data-testid=sign-in-button]");
    await supervisor.waitForSelector("[data-interactive=true]", { state: "attached" });
    await supervisor.waitForTimeout(1500);
    await supervisor.screenshot({ path: "docs/screenshots/demo-dashboard.png", fullPage: true });
    await supervisor.goto(base + "/residents/list?unconfirmed=true&vulnerable=true");
    await supervisor.waitForSelector("[data-interactive=true]", { state: "attached" });
    await supervisor.waitForTimeout(1000);
    await supervisor.screenshot({ path: "docs/screenshots/demo-list.png" });
    await browser.close();
})().catch(e => { console.error(e); process.exit(1); });
