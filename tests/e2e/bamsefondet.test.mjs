// Bamsefondet in real Chromium: a guardian applies from an activity's page
// with an attachment; the caseworker asks for more, the guardian answers;
// the caseworker recommends a partial grant, the approver signs; the club
// confirms, the fund pays; the guardian reads the decision and the letter.
// Every page is checked with axe-core, on a phone and a desktop, in bokmål
// and English.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  BASE_URL, launch, checkPage, expectHeading, openPage, api, login, registerConfirmed, waitForMail,
} from './browser.mjs';

const PASSWORD = 'lang-og-hemmelig-2026';
const DEMO_PASSWORD = 'fritid-demo-2026';
const stamp = Date.now().toString(36);

let context;
// The caseworker's and the approver's browsers; closed even when a step
// fails, so the test process can end.
const others = [];
before(async () => { context = await launch(); });
after(async () => { await Promise.all([context, ...others].map((c) => c?.close())); });

async function otherBrowser() {
  const c = await launch();
  others.push(c);
  return openPage(c);
}

async function logIn(page, email, password, next) {
  await page.goto(`${BASE_URL}/logg-inn?neste=${encodeURIComponent(next)}`);
  await page.getByLabel('E-post').fill(email);
  await page.getByLabel('Passord').fill(password);
  await page.getByRole('button', { name: 'Logg inn' }).click();
}

test('a family applies, the fund asks, decides with two signatures and pays; the family reads the decision', async () => {
  // A paid activity of a club in Fritid.
  const organizer = await login('arrangor@fritid.test', DEMO_PASSWORD);
  const [org] = (await api('GET', '/me/organizations', { token: organizer })).filter((o) => o.status === 'approved');
  const [place] = await api('GET', `/organizations/${org.id}/places`, { token: organizer });
  const title = `Klatring ${stamp}`;
  const activity = await api('POST', `/organizations/${org.id}/activities`, {
    token: organizer,
    body: {
      place_id: place.id, category: 'idrett', title, description: 'Vi klatrer inne hele vinteren.',
      age_min: 8, age_max: 14, contact: { name: 'Kari Trener' }, cost: { is_free: false, membership_fee_nok: 1800 },
      schedule: { kind: 'weekly', weekdays: ['tue'], start_time: '17:00', end_time: '18:30', from: '2030-01-01', until: '2030-05-31' },
    },
  });
  await api('POST', `/activities/${activity.id}/publish`, { token: organizer });

  const email = `familie-${stamp}@example.no`;
  await registerConfirmed(email, PASSWORD, 'Amina Hassan');
  const page = await openPage(context);

  // From the activity's page to the fund, with the activity chosen.
  await page.goto(`${BASE_URL}/aktiviteter/${activity.id}`);
  await page.getByRole('link', { name: 'Søk Bamsefondet om støtte til denne aktiviteten.' }).click();
  await expectHeading(page, 'Bamsefondet');
  await page.getByRole('link', { name: 'Logg inn for å søke' }).click();
  await page.getByLabel('E-post').fill(email);
  await page.getByLabel('Passord').fill(PASSWORD);
  await page.getByRole('button', { name: 'Logg inn' }).click();
  await expectHeading(page, 'Bamsefondet');
  await checkPage(page, 'fund');
  await page.getByRole('button', { name: 'Søk om støtte' }).click();

  // Step 1: the child. Missing fields are named, and nothing is lost.
  await expectHeading(page, 'Søknad til Bamsefondet');
  await page.getByRole('button', { name: 'Neste' }).click();
  await page.getByText('Feltet må fylles ut.').first().waitFor();
  await checkPage(page, 'fund-apply-errors');
  await page.getByLabel('Barnets fornavn').fill('Sara');
  await page.getByLabel('Fødselsår').fill('2016');
  await page.getByLabel('Område').selectOption('heggedal');
  await page.getByRole('button', { name: 'Neste' }).click();

  // Step 2: the activity and its fee, filled in from the calendar.
  await page.getByRole('heading', { name: 'Aktiviteten og hva den koster' }).waitFor();
  assert.equal(await page.getByLabel('Beløp for kostnad 1 (kr)').inputValue(), '1800');
  await page.getByText(title).waitFor();
  await checkPage(page, 'fund-apply-costs');
  // A reload loses nothing: the draft is on the server.
  await page.reload();
  await expectHeading(page, 'Søknad til Bamsefondet');
  await page.getByRole('button', { name: 'Neste' }).click();
  await page.getByRole('heading', { name: 'Aktiviteten og hva den koster' }).waitFor();
  await page.getByRole('button', { name: 'Neste' }).click();

  // Step 3: paid to the club; consent; send.
  await page.getByRole('heading', { name: 'Utbetaling og samtykke' }).waitFor();
  await checkPage(page, 'fund-apply-payout');
  await page.getByRole('button', { name: 'Send søknaden' }).click();
  await page.getByText('Du må samtykke for at vi kan behandle søknaden.').first().waitFor();
  await page.getByLabel('Jeg samtykker i at kommunen behandler opplysningene i søknaden for å avgjøre den.').check();
  await page.getByRole('button', { name: 'Send søknaden' }).click();
  await expectHeading(page, 'Bamsefondet – Sara');
  await page.locator('.status-line').getByText('Sendt – venter på en saksbehandler').waitFor();
  const id = page.url().split('/').pop();

  // An invoice as an attachment.
  await page.getByLabel('Legg ved en fil').setInputFiles({
    name: 'faktura.pdf', mimeType: 'application/pdf',
    buffer: Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n'),
  });
  await page.getByText('faktura.pdf').waitFor();
  await checkPage(page, 'fund-application');

  // The caseworker takes the case and asks for more.
  const staff = await otherBrowser();
  await logIn(staff, 'saksbehandler@fritid.test', DEMO_PASSWORD, '/saksbehandling');
  await expectHeading(staff, 'Saksbehandling');
  await staff.getByLabel('Saksbehandler').selectOption('unassigned');
  await staff.getByRole('link', { name: 'Sara' }).first().waitFor();
  await checkPage(staff, 'casework-queue');
  await staff.goto(`${BASE_URL}/saksbehandling/${id}`);
  await expectHeading(staff, 'Sak – Sara');
  await staff.getByRole('button', { name: 'Ta saken' }).click();
  await staff.getByRole('button', { name: 'Be søkeren om mer informasjon' }).waitFor();
  await staff.getByLabel(/^Tekst/).fill('Hvilken gruppe skal Sara gå på?');
  await staff.getByRole('button', { name: 'Be søkeren om mer informasjon' }).click();
  await staff.locator('.status-line').getByText('Vi trenger mer informasjon fra deg').waitFor();
  await checkPage(staff, 'casework-case');

  // The family answers; the case goes back to the caseworker.
  await page.reload();
  await page.getByText('Hvilken gruppe skal Sara gå på?').waitFor();
  await page.getByLabel('Svar til saksbehandleren').fill('Hun skal gå på nybegynnergruppen tirsdager.');
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await page.locator('.status-line').getByText('En saksbehandler ser på søknaden').waitFor();

  // The caseworker recommends a partial grant; the approver signs it.
  await staff.reload();
  await staff.getByLabel('Innvilg delvis').check();
  await staff.getByLabel('Beløp (kr)').fill('1000');
  await staff.getByRole('button', { name: 'Send innstillingen til godkjenning' }).click();
  await staff.getByText('Begrunnelsen må fylles ut', { exact: false }).or(staff.locator('#reasons-error')).first().waitFor();
  await staff.getByLabel(/^Begrunnelse/).fill('Fondet dekker kontingenten for første halvår.');
  await staff.getByRole('button', { name: 'Send innstillingen til godkjenning' }).click();
  await staff.locator('.status-line').getByText('Nesten ferdig behandlet').waitFor();

  // The approver finds it in the inbox of what waits for a second signature.
  const approver = await otherBrowser();
  await logIn(approver, 'godkjenner@fritid.test', DEMO_PASSWORD, '/saksbehandling/godkjenning');
  await expectHeading(approver, 'Til godkjenning');
  await approver.locator(`a[href="/saksbehandling/${id}"]`).waitFor();
  await checkPage(approver, 'casework-inbox');
  await approver.locator(`a[href="/saksbehandling/${id}"]`).click();
  await expectHeading(approver, 'Sak – Sara');
  await checkPage(approver, 'casework-sign');
  await approver.getByRole('button', { name: 'Godkjenn vedtaket' }).click();
  await approver.locator('.status-line').getByText('Avgjort – les vedtaket').waitFor();

  // The club confirms in its organizer area that Sara takes part (it sees
  // her first name, the activity and the amount, nothing else); the fund
  // then pays the club.
  const club = await otherBrowser();
  await logIn(club, 'arrangor@fritid.test', DEMO_PASSWORD, `/arrangor/${org.id}`);
  await club.getByRole('heading', { name: 'Tilskudd som skal betales til klubben' }).waitFor();
  const grant = club.locator('.grants li', { hasText: title });
  assert.match(await grant.innerText(), /Sara – Klatring .* – 1\u00a0000\u00a0kr/);
  await grant.getByRole('button', { name: 'Sara er med' }).click();
  await club.locator('.grants li', { hasText: title }).getByText('Bekreftet, venter på utbetaling').waitFor();
  await checkPage(club, 'club-grants');
  await staff.reload();
  await staff.getByLabel('Bilagsnummer').fill(`B-${stamp}`);
  await staff.getByRole('button', { name: 'Registrer utbetaling' }).click();
  await staff.locator('.status-line').getByText('Betalt', { exact: true }).waitFor();

  // The family sees the decision, the payout, and reads the letter.
  await page.reload();
  await page.getByText('Delvis innvilget: 1\u00a0000\u00a0kr').waitFor();
  await page.getByText(/1\u00a0000\u00a0kr er betalt til klubben/).waitFor();
  const [letter] = await Promise.all([
    page.context().waitForEvent('page'),
    page.getByRole('button', { name: 'Åpne vedtaksbrevet' }).click(),
  ]);
  await letter.waitForLoadState();
  const text = await letter.locator('body').innerText();
  assert.match(text, /Søknaden er delvis innvilget/);
  assert.match(text, /Fondet dekker kontingenten for første halvår/);
  assert.match(text, /Du kan klage/);
  assert.match(text, /Frist:/);
  // The letter's own style sheet applies (the page's CSP lets exactly it
  // through): a narrow column that prints well, not the browser's default.
  const width = await letter.evaluate(() => getComputedStyle(document.body).maxWidth);
  assert.equal(width, '672px', 'the letter is laid out by its style sheet');
  await letter.close();
  await page.getByText(/Du kan klage til og med/).waitFor();
  await checkPage(page, 'fund-decided');

  // The same page in English.
  await page.getByRole('button', { name: 'Switch to English' }).click();
  await page.getByText('Partly approved: NOK\u00a01,000').waitFor();
  await checkPage(page, 'fund-decided-en');

  for (const p of [page, staff, approver, club]) assert.deepEqual(p.errors, []);
});

test('a coach starts an application for a child; the guardian gets the link by e-mail', async () => {
  const organizer = await login('arrangor@fritid.test', DEMO_PASSWORD);
  const [org] = (await api('GET', '/me/organizations', { token: organizer })).filter((o) => o.status === 'approved');
  const [activity] = await api('GET', `/organizations/${org.id}/activities`, { token: organizer });
  const page = await otherBrowser();
  await logIn(page, 'arrangor@fritid.test', DEMO_PASSWORD, `/arrangor/${org.id}`);
  await page.getByRole('heading', { name: 'Søk for et barn i klubben' }).waitFor();
  const guardian = `foresatt-${stamp}@example.no`;
  await page.getByRole('button', { name: 'Send lenken til foresatte' }).click();
  await page.locator('#club-fund-activity-error').or(page.getByText('Velg aktiviteten', { exact: false })).first().waitFor();
  await page.getByLabel('Aktivitet', { exact: true }).selectOption(activity.id);
  await page.getByLabel('Barnets fornavn').fill('Noah');
  await page.getByLabel('Foresattes e-postadresse').fill(guardian);
  await page.getByRole('button', { name: 'Send lenken til foresatte' }).click();
  await page.getByText(`Lenken er sendt til ${guardian}.`).waitFor();
  await checkPage(page, 'club-start');
  const mail = await waitForMail(guardian, /har startet en søknad om støtte for Noah/);
  assert.match(mail.text, /\/bamsefondet\/overta\?token=/);
  assert.deepEqual(page.errors, []);
});

test('the administrator keeps the fund, reads a round\'s statistics and a case\'s access log', async () => {
  const page = await otherBrowser();
  await logIn(page, 'admin@fritid.test', DEMO_PASSWORD, '/admin/bamsefondet');
  await expectHeading(page, 'Bamsefondet: fond og runder');
  const fund = page.locator('section.fund-admin', { has: page.getByRole('heading', { name: 'Bamsefondet (demo)' }) });
  await fund.getByText('Ny runde', { exact: true }).click();
  const name = `Vår ${stamp}`;
  const form = fund.locator('details[open] form');
  await form.getByLabel('Navn på runden').fill(name);
  await form.getByLabel('Åpner').fill('2031-01-01');
  await form.getByLabel('Stenger', { exact: true }).fill('2030-12-01');
  await form.getByLabel('Budsjett (kroner)').fill('200 000');
  await form.getByLabel('Høyst per barn (kroner)').fill('3000');
  await form.getByRole('button', { name: 'Lagre' }).click();
  // The same rule as the server: a round cannot close before it opens.
  await form.locator('.field-error').first().waitFor();
  await form.getByLabel('Stenger', { exact: true }).fill('2031-06-30');
  await form.getByRole('button', { name: 'Lagre' }).click();
  const round = page.locator('article.round', { has: page.getByRole('heading', { name }) });
  await round.getByText('200\u00a0000\u00a0kr').first().waitFor();
  await checkPage(page, 'fund-admin');

  // The open demo round's statistics: totals, bars and a table per
  // district, the budget over time; small groups never as a number.
  const funds = await api('GET', '/funds', { token: await login('admin@fritid.test', DEMO_PASSWORD) });
  const open = funds.find((f) => f.name === 'Bamsefondet (demo)').rounds.find((r) => r.open && r.name !== name);
  await page.goto(`${BASE_URL}/admin/bamsefondet/runder/${open.id}`);
  await expectHeading(page, `Statistikk: ${open.name}`);
  const table = page.getByRole('region', { name: 'Per bydel' });
  await table.locator('tbody tr').first().waitFor();
  const cells = await table.locator('tbody td').allInnerTexts();
  assert.ok(cells.every((c) => /^(\d[\d\u00a0]*( kr)?|færre enn 5|[\d\u00a0]+\u00a0kr)$/.test(c)), cells.join(' | '));
  await page.getByRole('region', { name: 'Budsjettet over tid' }).locator('tbody tr').first().waitFor();
  await checkPage(page, 'fund-statistics');
  await page.getByRole('button', { name: 'Switch to English' }).click();
  await expectHeading(page, `Statistics: ${open.name}`);
  await checkPage(page, 'fund-statistics-en');
  await page.getByRole('button', { name: 'Bytt til norsk' }).click();

  // A caseworker reads a case; the access log shows it.
  const caseworker = await login('saksbehandler@fritid.test', DEMO_PASSWORD);
  const queue = await api('GET', '/casework/applications?status=submitted', { token: caseworker });
  const id = queue.items[0].id;
  await api('GET', `/casework/applications/${id}`, { token: caseworker });
  await page.goto(`${BASE_URL}/saksbehandling/${id}/logg`);
  await expectHeading(page, 'Tilgangslogg for søknaden');
  await page.getByRole('row', { name: /Demo Saksbehandler Leste saken/ }).first().waitFor();
  await checkPage(page, 'fund-audit');
  assert.deepEqual(page.errors, []);
});
