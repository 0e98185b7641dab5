// BUA in real Chromium: a family finds skis in the child's size and
// reserves them; the lending staff hand them out by label and take them
// back damaged; the skis go to maintenance, and when they are back in use
// the next family on the waiting list gets the offer and takes it. Every
// page is checked with axe-core, on a phone and a desktop, in bokmål and
// English.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  BASE_URL, launch, checkPage, expectHeading, openPage, api, login, registerConfirmed, waitForMail, isoDate,
} from './browser.mjs';

const PASSWORD = 'lang-og-hemmelig-2026';
const DEMO_PASSWORD = 'fritid-demo-2026';
const stamp = Date.now().toString(36);

let context;
const others = [];
before(async () => { context = await launch(); });
after(async () => { await Promise.all([context, ...others].map((c) => c?.close())); });

async function logIn(page, email, password, next) {
  await page.goto(`${BASE_URL}/logg-inn?neste=${encodeURIComponent(next)}`);
  await page.getByLabel('E-post').fill(email);
  await page.getByLabel('Passord').fill(password);
  await page.getByRole('button', { name: 'Logg inn' }).click();
}

/** The first day `from` days ahead or later that the location is open, and one a few days after it. */
function openDays(location, from) {
  const iso = (d) => d.toISOString().slice(0, 10);
  const isOpen = (d) => {
    const weekday = ((d.getUTCDay() + 6) % 7) + 1;
    return location.hours.some((h) => h.weekday === weekday) && !location.closed_days.includes(iso(d));
  };
  const day = new Date(`${new Date().toISOString().slice(0, 10)}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() + from);
  while (!isOpen(day)) day.setUTCDate(day.getUTCDate() + 1);
  const back = new Date(day);
  back.setUTCDate(back.getUTCDate() + 3);
  while (!isOpen(back)) back.setUTCDate(back.getUTCDate() + 1);
  return [iso(day), iso(back)];
}

/** The first day after `pickup` the location is closed (within a week). */
function closedAfter(location, pickup) {
  const day = new Date(`${pickup}T00:00:00Z`);
  for (let i = 0; i < 7; i++) {
    day.setUTCDate(day.getUTCDate() + 1);
    const iso = day.toISOString().slice(0, 10);
    const weekday = ((day.getUTCDay() + 6) % 7) + 1;
    if (!location.hours.some((h) => h.weekday === weekday) || location.closed_days.includes(iso)) return iso;
  }
  throw new Error(`${location.name} is open every day after ${pickup}`);
}

test('skis in the child\'s size: reserve, hand out by label, back damaged, back in use, the next in line gets them', async () => {
  const locations = await api('GET', '/bua/locations');
  const heggedal = locations.find((l) => l.name === 'BUA Heggedal');
  const [pickup, back] = openDays(heggedal, 15);

  // The family: finds skis for a 9-year-old in 140 cm.
  const email = `bua-${stamp}@example.no`;
  await registerConfirmed(email, PASSWORD, 'Amina Hassan');
  const page = await openPage(context);
  await logIn(page, email, PASSWORD, '/utlan');
  await expectHeading(page, 'Utlån fra BUA');
  await page.getByLabel('Hva slags utstyr').selectOption('ski');
  await page.getByLabel('Barnets alder').fill('9');
  await page.getByLabel('Størrelse').fill('140');
  await page.getByLabel('Utlånssted').selectOption({ label: 'BUA Heggedal' });
  await page.getByRole('button', { name: 'Vis utstyr' }).click();
  await page.getByRole('link', { name: 'Langrennski, klassisk' }).waitFor();
  assert.match(page.url(), /category=ski/);
  await checkPage(page, 'bua-catalogue');
  await page.getByRole('link', { name: 'Langrennski, klassisk' }).click();
  await expectHeading(page, 'Langrennski, klassisk');
  await page.getByLabel('Utlånssted').selectOption({ label: 'BUA Heggedal' });
  await page.getByLabel('Størrelse').selectOption({ label: '140 cm' });
  await page.getByRole('table').waitFor();
  await checkPage(page, 'bua-model');

  // A closed day is refused by name, in words.
  await page.getByLabel('Hentes').fill(pickup);
  await page.getByLabel('Leveres tilbake').fill(closedAfter(heggedal, pickup));
  await page.getByRole('button', { name: 'Reserver', exact: true }).click();
  await page.locator('#return_on-error').filter({ hasText: 'Utlånsstedet er stengt den dagen. Velg en annen dag.' }).waitFor();
  await page.getByLabel('Leveres tilbake').fill(back);
  await page.getByRole('button', { name: 'Reserver', exact: true }).click();
  await page.getByText(/^Reservert! Hent utstyret hos BUA Heggedal/).waitFor();
  await waitForMail(email, 'Reservert: Langrennski, klassisk');

  // Everything else of that size those days goes to other families; the
  // next one joins the waiting list.
  const model = (await api('GET', '/bua/models?q=Langrennski%2C%20klassisk')).items[0];
  const request = { location_id: heggedal.id, model_id: model.id, size: '140', pickup_on: pickup, return_on: back };
  for (let i = 0; i < 5; i++) {
    const other = await registerConfirmed(`bua-${stamp}-${i}@example.no`, PASSWORD, `Familie ${i}`);
    const res = await fetch(`${BASE_URL}/api/v1/bua/reservations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${other.access_token}` },
      body: JSON.stringify(request),
    });
    if (res.status === 409) break;
    assert.equal(res.status, 201, await res.text());
  }
  const nextEmail = `bua-${stamp}-next@example.no`;
  const next = await registerConfirmed(nextEmail, PASSWORD, 'Ola Venter');
  const waiting = await api('POST', '/bua/reservations', { token: next.access_token, body: { ...request, join_waitlist: true } });
  assert.equal(waiting.waitlist.position, 1);

  // My loans: the reservation, and the same page in English.
  await page.goto(`${BASE_URL}/utlan/mine`);
  await expectHeading(page, 'Mine utlån');
  await page.getByText('Reservert', { exact: true }).waitFor();
  await checkPage(page, 'bua-my-loans');
  await page.getByRole('button', { name: 'Switch to English' }).click();
  await expectHeading(page, 'My loans');
  await checkPage(page, 'bua-my-loans-en');
  await page.goto(`${BASE_URL}/utlan`);
  await expectHeading(page, 'Lending from BUA');
  await checkPage(page, 'bua-catalogue-en');
  await page.getByRole('button', { name: 'Bytt til norsk' }).click();

  // The lending staff: the family's pickup on the desk; hand out by label.
  const mine = await api('GET', '/me/bua-loans', { token: await login(email, PASSWORD) });
  const label = mine.current[0].unit_label;
  const staffContext = await launch();
  others.push(staffContext);
  const staff = await openPage(staffContext);
  await logIn(staff, 'utlan@fritid.test', DEMO_PASSWORD, '/utlansdesk');
  await expectHeading(staff, 'Utlån for ansatte');
  await staff.getByLabel('Utlånssted').selectOption({ label: 'BUA Heggedal' });
  await staff.getByLabel('Dag', { exact: true }).fill(pickup);
  const card = staff.locator('li.card').filter({ hasText: 'Amina Hassan' });
  await card.waitFor();
  // What families asked for and did not get, for buying: the refused 140 cm.
  const unmet = staff.getByRole('region', { name: 'Spurt etter, men ikke ledig' });
  await unmet.getByRole('row').filter({ hasText: 'Langrennski, klassisk' }).filter({ hasText: '140' }).first().waitFor();
  await checkPage(staff, 'bua-desk');
  await card.getByLabel('Merkelapp (skann eller skriv)').fill('HEG-9999');
  await card.getByRole('button', { name: 'Lever ut' }).click();
  await card.getByText('Ingen enhet har denne merkelappen.').waitFor();
  await card.getByLabel('Merkelapp (skann eller skriv)').fill(label.toLowerCase());
  await card.getByRole('button', { name: 'Lever ut' }).click();
  await staff.getByText(`${label} er levert ut.`).waitFor();

  // Back damaged: a note is needed; then the skis are in maintenance.
  const takeBack = staff.locator('form[aria-labelledby="take-back-title"]');
  await takeBack.getByLabel('Merkelapp (skann eller skriv)').fill(label);
  await takeBack.getByLabel('Skadet', { exact: true }).check();
  await takeBack.getByRole('button', { name: 'Ta imot' }).click();
  await takeBack.getByText('Feltet må fylles ut.').waitFor();
  await takeBack.getByLabel('Hva er skadet?').fill('Bindingen er løs');
  await takeBack.getByRole('button', { name: 'Ta imot' }).click();
  await staff.getByText(`${label} er tatt imot.`).waitFor();
  const repair = staff.locator('li.card').filter({ hasText: 'Bindingen er løs' });
  await repair.waitFor();
  await checkPage(staff, 'bua-desk-maintenance');

  // Labels to print: each unit's QR code with its text.
  await staff.getByRole('link', { name: 'Merkelapper' }).click();
  await expectHeading(staff, 'Merkelapper');
  await staff.getByLabel('Utlånssted').selectOption({ label: 'BUA Heggedal' });
  const sticker = staff.locator('.labels li').filter({ hasText: label });
  await sticker.waitFor();
  const drawn = await sticker.locator('img').evaluate(async (img) => { await img.decode(); return img.naturalWidth; });
  assert.ok(drawn > 0, 'the QR code of the label is drawn');
  await checkPage(staff, 'bua-labels');
  await staff.goBack();
  await expectHeading(staff, 'Utlån for ansatte');
  await staff.getByLabel('Utlånssted').selectOption({ label: 'BUA Heggedal' });

  // Back in use: the first in line gets the offer by e-mail and takes it.
  await repair.getByRole('button', { name: 'Tilbake i bruk' }).click();
  await staff.getByText(`${label} er tilbake i bruk.`).waitFor();
  await waitForMail(nextEmail, 'Ledig for deg: Langrennski, klassisk');
  const nextContext = await launch();
  others.push(nextContext);
  const nextPage = await openPage(nextContext);
  await logIn(nextPage, nextEmail, PASSWORD, '/utlan/mine');
  await expectHeading(nextPage, 'Mine utlån');
  await nextPage.getByText('Ledig for deg – svar innen fristen').waitFor();
  await checkPage(nextPage, 'bua-offer');
  await nextPage.getByRole('button', { name: 'Takk ja' }).click();
  await nextPage.getByText('Du har takket ja til Langrennski, klassisk.').waitFor();
  await nextPage.getByText('Reservert', { exact: true }).waitFor();
  // The browser logs the two refusals this test provoked (the closed day,
  // the unknown label) and nothing else.
  const errors = [...page.errors, ...staff.errors, ...nextPage.errors];
  const refused = errors.filter((e) => e.includes('status of 422'));
  assert.equal(refused.length, 2, errors.join('\n'));
  assert.deepEqual(errors.filter((e) => !refused.includes(e)), []);
});

test('an administrator adds equipment with a photo, staff add a unit, families see it with the photo, and what is missing shows for every location', async () => {
  const adminContext = await launch();
  others.push(adminContext);
  const admin = await openPage(adminContext);
  await logIn(admin, 'admin@fritid.test', DEMO_PASSWORD, '/utlansdesk/utstyr');
  await expectHeading(admin, 'Utstyr og enheter');
  const name = `Truger ${stamp}`;
  const model = admin.locator('form[aria-labelledby="model-title"]');
  await model.getByLabel('Navn').fill(name);
  await model.getByLabel('Hva slags utstyr').selectOption('truger');
  await model.getByLabel('Beskrivelse').fill('Lette truger med bindinger som passer vintersko.');
  await model.getByLabel('Fra alder').fill('8');
  await model.getByLabel('Til alder').fill('6');
  await model.getByRole('button', { name: 'Lagre' }).click();
  await model.getByText('Til-alderen kan ikke være lavere enn fra-alderen.').waitFor();
  await model.getByLabel('Til alder').fill('16');
  await model.getByRole('button', { name: 'Lagre' }).click();
  await admin.getByText(`${name} er lagt til. Nå kan du legge inn bilde og enheter.`).waitFor();
  await expectHeading(admin, 'Utstyr og enheter');
  await admin.locator('h3', { hasText: 'Endre utstyret' }).waitFor();

  // The photo, with what it shows for those who cannot see it.
  const photo = await admin.screenshot({ clip: { x: 0, y: 0, width: 480, height: 320 } });
  await admin.getByLabel('Velg et bilde').setInputFiles({ name: 'truger.png', mimeType: 'image/png', buffer: photo });
  await admin.getByLabel('Hva viser bildet?').fill('Et par blå truger i snøen');
  await admin.getByRole('button', { name: 'Last opp bildet' }).click();
  await admin.getByText('Bildet er lagret og vises nå.').waitFor();
  await checkPage(admin, 'bua-equipment');

  // A unit at Heggedal; a label already in use is refused by name.
  const unit = admin.locator('form[aria-labelledby="unit-title"]');
  await unit.getByLabel('Utlånssted').selectOption({ label: 'BUA Heggedal' });
  await unit.getByLabel('Utstyr', { exact: true }).selectOption({ label: `${name} (Truger)` });
  const label = `TRU-${stamp}`.toUpperCase();
  await unit.getByLabel('Merkelapp', { exact: true }).fill(label.toLowerCase());
  await unit.getByRole('button', { name: 'Legg til enhet' }).click();
  await admin.getByText(`${label} er lagt til.`).waitFor();
  await unit.getByLabel('Merkelapp', { exact: true }).fill(label);
  await unit.getByRole('button', { name: 'Legg til enhet' }).click();
  await unit.getByText('En annen enhet har denne merkelappen.').waitFor();
  await admin.getByRole('button', { name: 'Switch to English' }).click();
  await expectHeading(admin, 'Equipment and units');
  await checkPage(admin, 'bua-equipment-en');
  await admin.getByRole('button', { name: 'Bytt til norsk' }).click();

  // Anyone finds it in the catalogue, free, with the photo.
  const family = await openPage(context);
  await family.goto(`${BASE_URL}/utlan?category=truger`);
  await expectHeading(family, 'Utlån fra BUA');
  const card = family.locator('li.card').filter({ hasText: name });
  await card.getByText(/: 1 av 1 ledige$/).waitFor();
  const img = card.getByRole('img', { name: 'Et par blå truger i snøen' });
  await img.scrollIntoViewIfNeeded();
  await family.waitForFunction((alt) => document.querySelector(`img[alt="${alt}"]`)?.naturalWidth === 640, 'Et par blå truger i snøen');

  // A family asks for it when none is free; the administrator sees what is
  // missing at every location, without names.
  const [found] = (await api('GET', `/bua/models?include_unstocked=true&q=${encodeURIComponent(name)}`)).items;
  const locations = await api('GET', '/bua/locations');
  const heggedal = locations.find((l) => l.name === 'BUA Heggedal');
  await api('POST', '/bua/unmet-demand', { body: { location_id: heggedal.id, model_id: found.id, size: '', district: 'heggedal' } });
  await admin.goto(`${BASE_URL}/utlansdesk/etterspurt`);
  await expectHeading(admin, 'Spurt etter ved alle utlånssteder');
  await admin.getByRole('row').filter({ hasText: name }).filter({ hasText: 'BUA Heggedal' }).waitFor();
  await checkPage(admin, 'bua-demand');
  const refused = admin.errors.filter((e) => e.includes('status of 409'));
  assert.equal(refused.length, 1, admin.errors.join('\n'));
  assert.deepEqual(admin.errors.filter((e) => !refused.includes(e)), []);
  assert.deepEqual(family.errors, []);
});

test('an administrator opens a new lending location with its hours, a closed day, its rules and its staff', async () => {
  const adminContext = await launch();
  others.push(adminContext);
  const admin = await openPage(adminContext);
  await logIn(admin, 'admin@fritid.test', DEMO_PASSWORD, '/utlansdesk/steder');
  await expectHeading(admin, 'Utlånssteder');
  const form = admin.locator('form[aria-labelledby="location-form-title"]');
  const name = `BUA Vollen ${stamp}`;
  await form.getByLabel('Navn').fill(name);
  await form.getByLabel('Adresse').fill('Vollenveien 2');
  await form.getByLabel('Område').selectOption({ label: 'Vollen' });
  await form.getByLabel('Mandag').check();
  await form.locator('#hours-1-opens').fill('19:00');
  await form.locator('#hours-1-closes').fill('15:00');
  await form.getByLabel('Torsdag').check();
  await form.getByLabel('Stengt dag').fill(isoDate(20));
  await form.getByRole('button', { name: 'Legg til stengt dag' }).click();
  await form.getByLabel('Høyst antall dager per utlån').fill('5');
  await form.getByRole('button', { name: 'Lagre' }).click();
  await form.getByText('Stengetiden må være etter åpningstiden.').waitFor();
  await checkPage(admin, 'bua-locations-error');
  await form.locator('#hours-1-opens').fill('15:00');
  await form.locator('#hours-1-closes').fill('19:00');
  await form.getByRole('button', { name: 'Lagre' }).click();
  await admin.getByText(`${name} er lagret.`).waitFor();
  await admin.locator('#location-form-title', { hasText: 'Endre utlånsstedet' }).waitFor();
  await checkPage(admin, 'bua-locations');

  // Families see it with its hours and rules.
  const created = (await api('GET', '/bua/locations')).find((l) => l.name === name);
  assert.deepEqual(created.hours.map((h) => [h.weekday, h.opens.slice(0, 5), h.closes.slice(0, 5)]), [[1, '15:00', '19:00'], [4, '15:00', '19:00']]);
  assert.deepEqual(created.closed_days, [isoDate(20)]);
  assert.equal(created.rules.max_loan_days, 5);

  // Its staff: a lending staff account by e-mail; a family's account is refused by name.
  const staffEmail = admin.getByLabel('E-postadressen til den ansatte');
  await staffEmail.fill('innbygger@fritid.test');
  await admin.getByRole('button', { name: 'Legg til ansatt' }).click();
  await admin.getByText('Personen har ikke rollen «utlånsmedarbeider». Gi rollen på administrasjonssiden først.').waitFor();
  await staffEmail.fill('utlan@fritid.test');
  await admin.getByRole('button', { name: 'Legg til ansatt' }).click();
  await admin.getByText('utlan@fritid.test jobber nå ved utlånsstedet.').waitFor();
  await admin.getByRole('listitem').filter({ hasText: '(utlan@fritid.test)' }).waitFor();
  await checkPage(admin, 'bua-locations-staff');
  await admin.getByRole('button', { name: /^Fjern .* fra utlånsstedet$/ }).click();
  await admin.getByText(/er fjernet fra utlånsstedet\.$/).waitFor();
  await admin.getByText('Ingen ansatte ennå.').waitFor();
  const refused = admin.errors.filter((e) => e.includes('status of 422'));
  assert.equal(refused.length, 1, admin.errors.join('\n'));
  assert.deepEqual(admin.errors.filter((e) => !refused.includes(e)), []);
});

test('a caseworker lends skis to the family of a Bamsefondet case instead of money', async () => {
  const caseworker = await login('saksbehandler@fritid.test', DEMO_PASSWORD);
  const queue = await api('GET', '/casework/applications?status=submitted', { token: caseworker });
  const id = queue.items[queue.items.length - 1].id;
  const heggedal = (await api('GET', '/bua/locations')).find((l) => l.name === 'BUA Heggedal');
  const [pickup, back] = openDays(heggedal, 25);
  const staffContext = await launch();
  others.push(staffContext);
  const staff = await openPage(staffContext);
  await logIn(staff, 'saksbehandler@fritid.test', DEMO_PASSWORD, `/saksbehandling/${id}`);
  const form = staff.locator('form[aria-labelledby="case-loan-title"]');
  await form.waitFor();
  await form.getByLabel('Utlånssted').selectOption({ label: 'BUA Heggedal' });
  await form.getByLabel('Utstyr', { exact: true }).selectOption({ label: 'Langrennski, klassisk' });
  await form.getByLabel('Størrelse').selectOption({ label: '140 cm' });
  await form.getByRole('button', { name: 'Reserver for familien' }).click();
  await form.locator('#case-loan-pickup-error').filter({ hasText: 'Feltet må fylles ut.' }).waitFor();
  await form.getByLabel('Hentes').fill(pickup);
  await form.getByLabel('Leveres tilbake').fill(back);
  await form.getByRole('button', { name: 'Reserver for familien' }).click();
  await staff.getByText(/^Langrennski, klassisk \(HEG-[0-9A-Z-]+\) er reservert for familien\.$/).waitFor();
  await staff.locator('.thread li').filter({ hasText: /^.*BUA: Langrennski, klassisk \(140\) reservert hos BUA Heggedal/ }).waitFor();
  await checkPage(staff, 'casework-equipment-loan');
  assert.deepEqual(staff.errors, []);
});
