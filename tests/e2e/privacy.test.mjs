// Privacy in real Chromium: the privacy statement from every page's footer,
// "download my data" on Min side, and deleting the account after seeing what
// it does (the place goes to the family waiting).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  BASE_URL, launch, checkPage, expectHeading, openPage, api, login, isoDate, confirmationPath, registerConfirmed,
} from './browser.mjs';

const PASSWORD = 'lang-og-hemmelig-2026';
const DEMO_PASSWORD = 'fritid-demo-2026';
const stamp = Date.now().toString(36);

let context;
before(async () => { context = await launch(); });
after(async () => { await context?.close(); });

test('the privacy statement, my data as a file, and deleting my account', async () => {
  const page = await openPage(context);
  await page.goto(`${BASE_URL}/`);
  await page.getByRole('link', { name: 'Personvernerklæring' }).click();
  await expectHeading(page, 'Personvernerklæring');
  const statement = await page.locator('main').innerText();
  assert.match(statement, /Hva vi lagrer/);
  assert.match(statement, /aldri personnummer/);
  assert.match(statement, /Hvor lenge/);
  await checkPage(page, 'privacy');

  // A family with a place on a full activity, and one waiting behind them.
  const organizer = await login('arrangor@fritid.test', DEMO_PASSWORD);
  const [org] = (await api('GET', '/me/organizations', { token: organizer })).filter((o) => o.status === 'approved');
  const [place] = await api('GET', `/organizations/${org.id}/places`, { token: organizer });
  const title = `Sjakkurs ${stamp}`;
  const created = await api('POST', `/organizations/${org.id}/activities`, {
    token: organizer,
    body: {
      place_id: place.id, category: 'idrett', title, description: 'Vi lærer sjakk fra bunnen av.',
      age_min: 6, age_max: 16, contact: { name: 'Kari Nordmann' }, cost: { is_free: true },
      schedule: { kind: 'weekly', weekdays: ['thu'], start_time: '17:00', end_time: '18:00', from: isoDate(1), until: isoDate(60) },
      signup: { capacity: 1 },
    },
  });
  await api('POST', `/activities/${created.id}/publish`, { token: organizer });
  const email = `slett-${stamp}@example.no`;
  const mine = await registerConfirmed(email, PASSWORD, 'Slett Meg');
  await api('POST', `/activities/${created.id}/signups`, {
    token: mine.access_token, body: { participant: 'child', first_name: 'Emma', birth_year: 2015 },
  });
  const other = await registerConfirmed(`venter-${stamp}@example.no`, PASSWORD, 'Venter');
  const queued = await api('POST', `/activities/${created.id}/signups`, {
    token: other.access_token, body: { participant: 'child', first_name: 'Ali', birth_year: 2014 },
  });
  assert.equal(queued.status, 'waiting');

  // Min side: my data as a file.
  await page.goto(`${BASE_URL}/logg-inn?neste=/min-side`);
  await page.getByLabel('E-post').fill(email);
  await page.getByLabel('Passord').fill(PASSWORD);
  await page.getByRole('button', { name: 'Logg inn' }).click();
  await expectHeading(page, 'Min side');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Last ned mine data' }).click(),
  ]);
  assert.equal(download.suggestedFilename(), 'fritid-mine-data.json');
  const data = JSON.parse(readFileSync(await download.path(), 'utf8'));
  assert.equal(data.account.email, email);
  assert.equal(data.signups[0].first_name, 'Emma');
  assert.ok(!JSON.stringify(data).includes('Ali'), 'nothing about others');
  await page.getByRole('status').filter({ hasText: 'Filen fritid-mine-data.json er lastet ned.' }).waitFor();

  // Deleting: what it does is shown first.
  await page.getByRole('link', { name: 'Slett kontoen min' }).click();
  await expectHeading(page, 'Slett kontoen din');
  await page.getByText(`Emma – ${title}`).waitFor();
  await checkPage(page, 'delete-account');
  await page.getByLabel('Skriv passordet ditt for å bekrefte').fill('feil-passord-2026');
  await page.getByRole('button', { name: 'Slett kontoen min for godt' }).click();
  await page.getByText('Passordet er feil.').first().waitFor();
  await page.getByLabel('Skriv passordet ditt for å bekrefte').fill(PASSWORD);
  await page.getByRole('button', { name: 'Slett kontoen min for godt' }).click();
  await expectHeading(page, 'Kontoen er slettet');
  await checkPage(page, 'account-deleted');

  // The account is gone, and the waiting child has the place.
  const refused = await fetch(`${BASE_URL}/api/v1/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: PASSWORD }),
  });
  assert.equal(refused.status, 401);
  const [ali] = await api('GET', '/me/signups', { token: other.access_token });
  assert.equal(ali.status, 'confirmed');
  // The refused password (403) is the only failed request.
  assert.deepEqual(page.errors.filter((e) => !/status of 403/.test(e)), []);
});
