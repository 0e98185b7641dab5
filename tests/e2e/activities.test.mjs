// Aktiviteter in real Chromium: search → open → register → sign up (and join
// the waiting list) → my sign-ups → cancel, which promotes the next in line;
// and the organizer's and administrator's way from a new organization to a
// published activity. axe-core runs on every page at phone and desktop width.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  BASE_URL, VIEWPORTS, launch, checkPage, expectHeading, openPage, api, login, isoDate, confirmationPath, registerConfirmed,
} from './browser.mjs';

const PASSWORD = 'lang-og-hemmelig-2026';
const DEMO_PASSWORD = 'fritid-demo-2026';
const stamp = Date.now().toString(36);

let context;
before(async () => { context = await launch(); });
after(async () => { await context?.close(); });

const newPage = (ctx = context) => openPage(ctx);

async function logInThroughForm(page, email, password) {
  await page.getByLabel('E-post').fill(email);
  await page.getByLabel('Passord').fill(password);
  await page.getByRole('button', { name: 'Logg inn' }).click();
}

test('search → open → register → sign up, waiting list → my sign-ups → cancel promotes the next', async () => {
  // A published weekly activity with one place, from a demo organization.
  const organizer = await login('arrangor@fritid.test', DEMO_PASSWORD);
  const [org] = (await api('GET', '/me/organizations', { token: organizer })).filter((o) => o.status === 'approved');
  const [place] = await api('GET', `/organizations/${org.id}/places`, { token: organizer });
  const title = `Brettspillkveld ${stamp}`;
  const created = await api('POST', `/organizations/${org.id}/activities`, {
    token: organizer,
    body: {
      place_id: place.id, category: 'moteplass', title,
      description: 'Vi spiller brettspill sammen. Ingen forkunnskaper trengs.',
      age_min: 6, age_max: 99,
      contact: { name: 'Kari Nordmann', email: 'kari@example.no' },
      cost: { is_free: true },
      threshold: { free_trial: true, newcomer_contact: 'Kari', languages: ['en', 'uk'] },
      equipment: { needed: '', lent_by_organizer: true },
      schedule: { kind: 'weekly', weekdays: ['tue'], start_time: '17:30', end_time: '19:00', from: isoDate(1), until: isoDate(60) },
      signup: { capacity: 1 },
    },
  });
  await api('POST', `/activities/${created.id}/publish`, { token: organizer });
  // The citizen who will sign up two children registers on the way.
  const email = `forelder-${stamp}@example.no`;

  const page = await newPage();
  await page.goto(`${BASE_URL}/aktiviteter`);
  await expectHeading(page, 'Aktiviteter');
  await page.getByRole('status').filter({ hasText: /Fant \d+ aktiviteter/ }).waitFor();
  await checkPage(page, 'activities-search');

  // Search with filters on a phone: they land in the URL, the filters
  // fold away, and focus and scroll land on what was found.
  await page.setViewportSize({ width: 360, height: 740 });
  await page.getByLabel('Søk etter aktivitet').fill(`brettspillkveld ${stamp}`);
  await page.locator('summary', { hasText: 'Flere valg' }).click();
  await page.getByLabel('Gratis', { exact: true }).check();
  await page.getByLabel('Ledige plasser').check();
  await page.getByLabel('Tirsdag').check();
  await page.getByLabel('Alder (år)').fill('9');
  // "After school": it starts at 17.30.
  await page.getByLabel('Tid på dagen').selectOption('after-school');
  await page.getByRole('button', { name: 'Søk' }).first().click();
  await page.getByRole('status').filter({ hasText: 'Fant én aktivitet.' }).waitFor();
  await page.waitForFunction(() => document.activeElement?.id === 'result-count');
  assert.equal(await page.locator('details.filters').getAttribute('open'), null, 'the filters folded away');
  const count = await page.locator('#result-count').boundingBox();
  assert.ok(count.y >= 0 && count.y + count.height <= 740, `the result count is on screen (y=${count.y})`);
  await page.setViewportSize(VIEWPORTS.desktop);
  const url = new URL(page.url());
  assert.equal(url.searchParams.get('q'), `brettspillkveld ${stamp}`);
  assert.equal(url.searchParams.get('is_free'), 'true');
  assert.equal(url.searchParams.get('has_free_places'), 'true');
  assert.equal(url.searchParams.get('weekday'), 'tue');
  assert.equal(url.searchParams.get('suitable_for'), '9');
  assert.equal(url.searchParams.get('time_from'), '14:00');
  assert.equal(url.searchParams.get('time_to'), '18:00');
  const card = page.locator('.results > li');
  assert.equal(await card.count(), 1);
  const cardText = await card.innerText();
  assert.match(cardText, /fra 6 år/);
  assert.match(cardText, /Gratis/);
  // Free anyway: a free trial would say nothing new.
  assert.doesNotMatch(cardText, /Gratis prøvetime/);
  assert.match(cardText, /1 ledig plass/);
  assert.match(cardText, /tirsdag \d+\. [a-zæøå]+ \d{4}, 17\.30–19\.00/);
  await checkPage(page, 'activities-results');

  // The back button returns to the previous search, forward restores the filters.
  await page.goBack();
  await page.getByRole('status').filter({ hasText: /Fant \d+ aktiviteter/ }).waitFor();
  assert.equal(await page.getByLabel('Søk etter aktivitet').inputValue(), '');
  await page.goForward();
  await page.getByRole('status').filter({ hasText: 'Fant én aktivitet.' }).waitFor();
  assert.equal(await page.getByLabel('Søk etter aktivitet').inputValue(), `brettspillkveld ${stamp}`);
  assert.ok(await page.getByLabel('Gratis', { exact: true }).isChecked());

  // A wrong age in the filter: said next to the field, no search sent.
  if (await page.locator('details.filters').getAttribute('open') === null) {
    await page.locator('summary', { hasText: 'Flere valg' }).click();
  }
  await page.getByLabel('Alder (år)').fill('tre');
  await page.getByRole('button', { name: 'Søk' }).first().click();
  await page.getByText('Skriv alderen som et tall fra 0 til 120.').waitFor();
  assert.equal(await page.getByLabel('Alder (år)').getAttribute('aria-invalid'), 'true');
  assert.equal(new URL(page.url()).searchParams.get('suitable_for'), '9');

  // Open the activity.
  await page.getByRole('link', { name: title }).click();
  await expectHeading(page, title);
  // On a phone: the essentials at the top, and the way to sign up in view
  // without scrolling; it takes focus to the sign-up box.
  await page.setViewportSize({ width: 360, height: 740 });
  const facts = await page.locator('.key-facts').innerText();
  assert.match(facts, /Når\s+tirsdag \d+\. [a-zæøå]+ \d{4}, 17\.30–19\.00/);
  assert.match(facts, /Pris\s+Gratis/);
  assert.match(facts, /For hvem\s+fra 6 år/);
  assert.match(facts, /Plasser\s+1 ledig plass/);
  const jump = page.getByRole('button', { name: 'Gå til påmeldingen' });
  const box = await jump.boundingBox();
  assert.ok(box && box.y >= 0 && box.y + box.height <= 740, `the sign-up button is on screen (${JSON.stringify(box)})`);
  await jump.click();
  assert.equal(await page.evaluate(() => document.activeElement?.closest('#signup') !== null), true, 'focus in the sign-up box');
  await page.setViewportSize(VIEWPORTS.desktop);
  assert.equal(await jump.isVisible(), false, 'beside the details on a wide screen, no jump needed');
  const body = await page.locator('main').innerText();
  assert.match(body, /Hver tirsdag kl\. 17\.30–19\.00/);
  assert.match(body, /Gratis\. Ingen kontingent og ingen avgift\./);
  assert.match(body, /Kari tar imot nye/);
  assert.match(body, /Vi snakker også engelsk, ukrainsk\./);
  assert.match(body, /Arrangøren låner ut utstyret/);
  assert.match(body, /1 av 1 plasser ledige\./);
  // schema.org Event for search engines, with the weekly schedule.
  const ld = JSON.parse(await page.locator('script[type="application/ld+json"]').textContent());
  assert.equal(ld['@type'], 'Event');
  assert.equal(ld.name, title);
  assert.equal(ld.isAccessibleForFree, true);
  assert.deepEqual(ld.eventSchedule.byDay, ['https://schema.org/Tuesday']);
  assert.equal(ld.location.name, place.name);
  // Add to calendar: an iCalendar file with the series.
  const ics = await page.getByRole('link', { name: 'Legg til i kalenderen din' }).getAttribute('href');
  const calendar = await fetch(`${BASE_URL}${ics}`);
  assert.match(calendar.headers.get('content-type'), /^text\/calendar/);
  assert.match(await calendar.text(), /RRULE:FREQ=WEEKLY;.*BYDAY=TU/);
  await checkPage(page, 'activity');

  // Logged out: a link to log in; a newcomer registers from there and comes back here.
  await page.getByRole('link', { name: 'Logg inn for å melde på' }).click();
  await expectHeading(page, 'Logg inn');
  await page.locator('main').getByRole('link', { name: 'Registrer deg' }).click();
  await expectHeading(page, 'Registrer deg');
  await page.getByLabel('Navn').fill('Forelder Test');
  await page.getByLabel('E-post').fill(email);
  await page.getByLabel('Passord').fill(PASSWORD);
  await page.getByRole('button', { name: 'Opprett konto' }).click();
  await page.getByRole('heading', { name: 'Sjekk e-posten din' }).waitFor();
  // The link in the e-mail logs in and comes back to the activity.
  await page.goto(`${BASE_URL}${await confirmationPath(email)}`);
  await expectHeading(page, title);
  assert.equal(new URL(page.url()).pathname, `/aktiviteter/${created.id}`);

  // A child outside the age range: refused before anything is sent.
  let signupPosts = 0;
  page.on('request', (r) => { if (r.method() === 'POST' && r.url().endsWith('/signups')) signupPosts += 1; });
  await page.getByLabel('Barnets fornavn').fill('Lille');
  await page.getByLabel('Fødselsår').fill(String(new Date().getFullYear() - 2));
  await page.getByRole('button', { name: 'Meld på' }).click();
  await page.getByText('Deltakeren er utenfor aldersgruppen for aktiviteten.').waitFor();
  assert.equal(await page.getByLabel('Fødselsår').getAttribute('aria-invalid'), 'true');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'birth_year', 'focus on the field in error');
  assert.equal(signupPosts, 0);

  // The last place…
  await page.getByLabel('Barnets fornavn').fill('Emma');
  await page.getByLabel('Fødselsår').fill('2015');
  // Sharing contact details with the organizer is a choice, off unless ticked.
  const share = page.getByLabel('Arrangøren kan se navnet og e-postadressen min');
  assert.equal(await share.isChecked(), false);
  await share.check();
  await page.getByRole('button', { name: 'Meld på' }).click();
  await page.locator('#signup-result').filter({ hasText: 'Emma er påmeldt.' }).waitFor();
  const guardianOf = async (name) => (await api('GET', `/activities/${created.id}/signups`, { token: organizer }))
    .find((s) => s.first_name === name)?.guardian ?? null;
  assert.equal((await guardianOf('Emma'))?.email, email);
  await page.getByText('Fullt. Meld deg på for å stå først på ventelisten.').waitFor();
  await checkPage(page, 'activity-signed-up');
  // …then the waiting list.
  await page.getByLabel('Barnets fornavn').fill('Ola');
  await page.getByLabel('Fødselsår').fill('2016');
  await page.getByRole('button', { name: 'Sett på venteliste' }).click();
  await page.locator('#signup-result').filter({ hasText: 'Ola står på venteliste som nummer 1.' }).waitFor();
  assert.equal(await guardianOf('Ola'), null, 'not shared without the tick');
  // Signing up the same child twice is refused, next to the name.
  await page.getByLabel('Barnets fornavn').fill('Ola');
  await page.getByLabel('Fødselsår').fill('2016');
  await page.getByRole('button', { name: 'Sett på venteliste' }).click();
  await page.getByText('Denne deltakeren er allerede påmeldt (eller på venteliste).').waitFor();
  assert.equal(signupPosts, 3);

  // My sign-ups.
  await page.getByRole('link', { name: 'Se alle påmeldingene dine' }).click();
  await expectHeading(page, 'Mine påmeldinger');
  const emma = page.locator('.signups li', { hasText: 'Emma' });
  const ola = page.locator('.signups li', { hasText: 'Ola' });
  await emma.waitFor();
  assert.match(await emma.innerText(), /Påmeldt/);
  assert.match(await ola.innerText(), /Venteliste, nummer 1/);
  await checkPage(page, 'my-signups');
  // The choice can be taken back here, and the organizer no longer sees it.
  await emma.getByLabel('Arrangøren kan se navnet og e-postadressen min').uncheck();
  await emma.getByText('Arrangøren ser ikke lenger navnet og e-postadressen din.').waitFor();
  assert.equal(await guardianOf('Emma'), null);

  // Cancel Emma's place, after saying yes: Ola moves up from the waiting list at once.
  await page.getByRole('button', { name: `Meld Emma av ${title}` }).click();
  const question = page.getByText(`Vil du melde Emma av ${title}? Plassen går til den neste på ventelisten.`);
  await question.waitFor();
  await page.waitForFunction(() => (document.activeElement?.id ?? '').startsWith('cancel-question-')); // focus on the question
  await page.getByRole('button', { name: 'Nei, behold plassen' }).click();
  assert.equal(await question.count(), 0, 'nothing cancelled');
  await page.getByRole('button', { name: `Meld Emma av ${title}` }).click();
  await page.getByRole('button', { name: 'Ja, meld av' }).click();
  await page.getByRole('status').filter({ hasText: `Emma er meldt av ${title}.` }).waitFor();
  await page.waitForFunction(() => document.activeElement?.id === 'signups-message'); // focus on what happened
  await page.waitForFunction(() => [...document.querySelectorAll('.signups li')]
    .some((li) => li.textContent.includes('Ola') && li.textContent.includes('Påmeldt') && !li.textContent.includes('Venteliste')));
  await page.getByRole('heading', { name: 'Avmeldte' }).waitFor();
  assert.match(await page.locator('.signups li', { hasText: 'Emma' }).innerText(), /Avmeldt/);
  await checkPage(page, 'my-signups-after-cancel');
  // Undo: Emma signs up again; the place went to Ola, so she is first in line.
  await page.getByRole('button', { name: 'Angre: meld Emma på igjen' }).click();
  await page.getByRole('status').filter({ hasText: 'Emma står på venteliste som nummer 1.' }).waitFor();

  // The same pages in English.
  await page.getByRole('button', { name: 'English' }).click();
  await expectHeading(page, 'My sign-ups');
  assert.match(await page.locator('.signups li', { hasText: 'Ola' }).innerText(), /Signed up/);
  await checkPage(page, 'my-signups-en');
  await page.getByRole('link', { name: title }).first().click();
  await expectHeading(page, title);
  const english = await page.locator('main').innerText();
  assert.match(english, /Every Tuesday, 17:30–19:00, from \d+ [A-Z][a-z]+ \d{4} to \d+ [A-Z][a-z]+ \d{4}\./);
  assert.match(english, /Free\. No membership fee and no charge\./);
  assert.match(english, /We also speak English, Ukrainian\./);
  await checkPage(page, 'activity-en');
  await page.getByRole('button', { name: 'Norsk' }).click();
  await expectHeading(page, title);

  // "More from the organization" lists that organization's activities only.
  const more = page.getByRole('link', { name: /^Flere aktiviteter fra / });
  const orgId = new URL(await more.getAttribute('href'), BASE_URL).searchParams.get('organization');
  const ofOrg = await api('GET', `/activities?organization=${orgId}&per_page=1`);
  await more.click();
  await page.getByRole('status').filter({ hasText: /^Fant / }).waitFor();
  assert.equal(new URL(page.url()).searchParams.get('organization'), orgId);
  const shown = await page.locator('#result-count').innerText();
  const shownCount = shown.includes('én aktivitet') ? 1 : Number(shown.match(/\d+/)?.[0]);
  assert.equal(shownCount, ofOrg.total, shown);
  const all = await api('GET', '/activities?per_page=1');
  assert.ok(ofOrg.total < all.total, 'fewer than all activities');

  // The participant list is the organizer's: a citizen gets "no access".
  await page.goto(`${BASE_URL}/aktiviteter/${created.id}/deltakere`);
  await page.getByText('Bare arrangøren har tilgang til dette.').waitFor();
  // The failed requests were the refused duplicate (409) and the participant list (403).
  assert.deepEqual(page.errors.filter((e) => !/status of (403|409)/.test(e)), []);
  await page.close();
});

test('organizer: register an organization → approval → place → activity → publish; admin approves', async () => {
  const orgContext = await launch();
  const adminContext = await launch();
  try {
    const email = `arrangor-${stamp}@example.no`;
    await registerConfirmed(email, PASSWORD, 'Arrangør Test');
    const page = await newPage(orgContext);
    await page.goto(`${BASE_URL}/logg-inn?neste=/arrangor`);
    await logInThroughForm(page, email, PASSWORD);
    await expectHeading(page, 'For arrangører');
    await page.getByText('Du er ikke medlem av noen organisasjon ennå.').waitFor();
    await checkPage(page, 'organizer');

    // A wrong check digit is caught before sending, next to the field.
    const orgName = `Testklubben ${stamp}`;
    await page.getByLabel('Navn på organisasjonen').fill(orgName);
    await page.getByLabel('Organisasjonsnummer').fill('123456789');
    await page.getByLabel('Heggedal').check();
    await page.getByRole('button', { name: 'Send til godkjenning' }).click();
    await page.getByText('Kontrollsifferet stemmer ikke. Sjekk nummeret.').waitFor();
    assert.equal(await page.getByLabel('Organisasjonsnummer').getAttribute('aria-invalid'), 'true');
    await page.getByLabel('Organisasjonsnummer').fill('');
    await page.getByRole('button', { name: 'Send til godkjenning' }).click();
    await expectHeading(page, orgName);
    await page.getByText('Venter på godkjenning').waitFor();
    const orgPath = new URL(page.url()).pathname;
    await page.getByText('Legg til et sted før du lager en aktivitet.').waitFor();

    // A place.
    await page.locator('summary', { hasText: 'Legg til et sted' }).click();
    await page.getByLabel('Navn på stedet').fill('Heggedal bibliotek');
    await page.getByLabel('Adresse', { exact: true }).fill('Heggedalsveien 140, 1389 Heggedal');
    await page.getByLabel('Område').selectOption({ label: 'Heggedal' });
    await page.getByLabel('Trinnfri adkomst').check();
    await page.getByRole('button', { name: 'Lagre stedet' }).click();
    await page.getByText('Stedet er lagret.').waitFor();
    await page.getByText('Heggedal bibliotek', { exact: true }).waitFor();

    // Typos are fixed in place: the place's address, the organization's description.
    const placeItem = page.locator('.places-list li', { hasText: 'Heggedal bibliotek' });
    await placeItem.locator('summary').click();
    await placeItem.getByLabel('Adresse').fill('Heggedalsveien 141, 1389 Heggedal');
    await placeItem.getByRole('button', { name: 'Lagre endringene' }).click();
    await page.locator('.places-list li', { hasText: 'Heggedalsveien 141, 1389 Heggedal' }).waitFor();
    await page.locator('summary', { hasText: 'Endre opplysningene' }).click();
    const details = page.locator('section', { has: page.getByRole('heading', { name: 'Opplysninger om organisasjonen' }) });
    await details.getByLabel('Om organisasjonen').fill('Leksehjelp og spill for barn og unge i Heggedal.');
    await details.getByRole('button', { name: 'Lagre endringene' }).click();
    await page.getByRole('status').filter({ hasText: 'Opplysningene er lagret.' }).waitFor();
    const saved = await api('GET', `/organizations/${orgPath.split('/').pop()}`, { token: await login(email, PASSWORD) });
    assert.equal(saved.description, 'Leksehjelp og spill for barn og unge i Heggedal.');
    await checkPage(page, 'organization');

    // A new activity: the shared rules catch a wrong age range first.
    await page.getByRole('link', { name: 'Ny aktivitet' }).click();
    await expectHeading(page, 'Ny aktivitet');
    const title = `Leksehjelp ${stamp}`;
    await page.getByLabel('Tittel', { exact: true }).fill(title);
    await page.getByLabel('Beskrivelse', { exact: true }).fill('Gratis leksehjelp med frivillige. Ta med det du jobber med.');
    await page.getByLabel('Type aktivitet').selectOption({ label: 'Språk og samtale' });
    await page.getByLabel('Fra alder').fill('12');
    await page.getByLabel('Til alder').fill('10');
    await page.getByLabel('Sted', { exact: true }).selectOption({ label: 'Heggedal bibliotek (Heggedal)' });
    await page.getByLabel('Onsdag').check();
    await page.getByLabel('Fra klokken').fill('16:00');
    await page.getByLabel('Til klokken').fill('18:00');
    await page.getByLabel('Første dato').fill(isoDate(2));
    await page.getByLabel('Siste dato').fill(isoDate(90));
    await page.getByLabel('Gratis (ingen kontingent').check();
    await page.getByLabel('Krever påmelding').check();
    // A holiday is picked from a date picker and listed by name.
    await page.getByLabel('Dato', { exact: true }).fill(isoDate(9));
    await page.getByRole('button', { name: 'Legg til datoen' }).click();
    await page.locator('.chips li').first().waitFor();
    assert.match(await page.locator('.chips').innerText(), /\d+\. [a-zæøå]+ \d{4}/);
    await page.getByLabel('Antall plasser').fill('15');
    // Languages are chosen by name.
    await page.getByLabel('ukrainsk', { exact: true }).check();
    await checkPage(page, 'activity-form');
    await page.getByRole('button', { name: 'Lagre som utkast' }).click();
    // Every error in one round: the age range and the missing contact name.
    await page.getByText('Må være minst like høy som fra-alderen.').waitFor();
    assert.equal(await page.getByLabel('Til alder').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.getByLabel('Navn', { exact: true }).getAttribute('aria-invalid'), 'true');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'age_max');
    await page.getByLabel('Til alder').fill('16');
    await page.getByLabel('Navn', { exact: true }).fill('Per Frivillig');
    await page.getByRole('button', { name: 'Lagre som utkast' }).click();
    await expectHeading(page, title);
    // Saving says so, with focus on the message.
    await page.locator('#flash').getByText('Utkastet er lagret.').waitFor();
    await page.waitForFunction(() => document.activeElement?.id === 'flash');

    // A picture with a description of what it shows; the camera's details go.
    await page.getByRole('link', { name: 'Rediger' }).click();
    await page.getByRole('heading', { name: 'Bilde' }).waitFor();
    await page.getByRole('button', { name: 'Last opp bildet' }).click();
    await page.getByText('Velg et bilde.').waitFor();
    await page.getByText('Skriv hva bildet viser.').waitFor();
    const photo = await page.screenshot({ clip: { x: 0, y: 0, width: 480, height: 320 } });
    await page.getByLabel('Velg et bilde').setInputFiles({ name: 'leksehjelp.png', mimeType: 'image/png', buffer: photo });
    await page.getByLabel('Hva viser bildet?').fill('Barn som gjør lekser rundt et bord');
    await page.getByRole('button', { name: 'Last opp bildet' }).click();
    await page.getByText('Bildet er lagret og vises nå.').waitFor();
    const shown = page.locator('.picture-current img');
    assert.equal(await shown.getAttribute('alt'), 'Barn som gjør lekser rundt et bord');
    await page.waitForFunction(() => document.querySelector('.picture-current img')?.naturalWidth === 640);
    await checkPage(page, 'activity-picture');
    await page.goBack();
    await expectHeading(page, title);
    await page.locator('img.picture-large[alt="Barn som gjør lekser rundt et bord"]').waitFor();
    await page.getByText('Utkast').first().waitFor();
    assert.match(await page.locator('main').innerText(), /ukrainsk/);
    // The draft says what it is and what comes next, and publishes from here.
    assert.match(await page.locator('.status-banner').innerText(), /Bare dere i organisasjonen ser den\./);
    await page.getByText('Påmeldingen åpner når aktiviteten er publisert.').waitFor();
    await page.getByRole('button', { name: 'Publiser aktiviteten' }).click();
    await page.locator('#publish-result').getByText('Organisasjonen må godkjennes av kommunen før den kan publisere.').waitFor();
    await page.waitForFunction(() => document.activeElement?.id === 'publish-result');

    // Publishing waits for the municipality's approval.
    await page.goto(`${BASE_URL}${orgPath}`);
    await page.getByRole('button', { name: `Publiser ${title}` }).click();
    await page.getByText('Organisasjonen må godkjennes av kommunen før den kan publisere.').waitFor();

    // The administrator approves it.
    const admin = await newPage(adminContext);
    await admin.goto(`${BASE_URL}/logg-inn?neste=/admin`);
    await logInThroughForm(admin, 'admin@fritid.test', DEMO_PASSWORD);
    await expectHeading(admin, 'Administrasjon');
    await admin.getByRole('heading', { name: orgName }).waitFor();
    // The background jobs have run, and the administrator can see how it went.
    const sending = admin.locator('table.jobs tr', { hasText: 'Sende e-post' });
    await sending.waitFor();
    assert.match(await sending.innerText(), /OK: \d+ sent, 0 to retry, 0 given up/);
    assert.match(await admin.locator('main').innerText(), /E-poster som venter: \d+\. Gitt opp etter gjentatte feil: 0\./);
    await checkPage(admin, 'admin');
    // The card says enough to decide (contact, districts, when), and asks once more.
    const card = admin.locator('li', { has: admin.getByRole('heading', { name: orgName }) });
    assert.match(await card.innerText(), /Områder\s+\S+/);
    assert.match(await card.innerText(), new RegExp(`Søkt av\\s+.+\\(${email.replaceAll('.', '\\.')}\\)`));
    assert.match(await card.innerText(), /Registrert\s+\d/);
    await admin.getByRole('button', { name: `Godkjenn ${orgName}` }).click();
    await admin.getByText(`Godkjenne ${orgName}? Da kan de publisere aktiviteter som alle ser.`).waitFor();
    await admin.getByRole('button', { name: 'Ja, godkjenn' }).click();
    await admin.getByRole('status').filter({ hasText: `${orgName} er godkjent.` }).waitFor();
    await admin.getByRole('heading', { name: orgName }).waitFor({ state: 'detached' });

    // Now it publishes, and the public finds it.
    await page.reload();
    await page.getByText('Godkjent', { exact: true }).waitFor();
    await page.getByRole('button', { name: `Publiser ${title}` }).click();
    await page.locator('.org-activities li', { hasText: title }).getByText('Publisert').waitFor();
    const found = await fetch(`${BASE_URL}/api/v1/activities?q=${encodeURIComponent(`leksehjelp ${stamp}`)}`).then((r) => r.json());
    assert.deepEqual(found.items.map((a) => a.title), [title]);

    // Its participant list is open to the organizer.
    await page.getByRole('link', { name: 'Deltakerliste' }).click();
    await expectHeading(page, `Deltakere: ${title}`);
    await page.getByText('Ingen er påmeldt ennå.').waitFor();
    await checkPage(page, 'participants');

    // The administrator can unpublish it with a reason, from its page.
    await admin.goto(`${BASE_URL}/aktiviteter/${found.items[0].id}`);
    await expectHeading(admin, title);
    await admin.getByLabel('Begrunnelse (vises offentlig)').fill('Feil i tidspunktene.');
    await admin.getByRole('button', { name: 'Avpubliser aktiviteten' }).click();
    await admin.getByText('Avpublisert av kommunen.').waitFor();
    await admin.getByText('Feil i tidspunktene.').waitFor();
    // The one failed request was the refused publish (409) above.
    assert.deepEqual(page.errors.filter((e) => !e.includes('status of 409')), []);
    assert.deepEqual(admin.errors, []);
  } finally {
    await orgContext.close();
    await adminContext.close();
  }
});

test('back from an activity returns to the same place in the list', async () => {
  const page = await newPage();
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto(`${BASE_URL}/aktiviteter`);
  await page.getByRole('status').filter({ hasText: /Fant \d+ aktiviteter/ }).waitFor();
  const eighth = page.locator('main .results > li').nth(7);
  const title = await eighth.locator('a').first().innerText();
  await eighth.scrollIntoViewIfNeeded();
  const before = await page.evaluate(() => window.scrollY);
  assert.ok(before > 740, `scrolled well down (${before})`);
  await eighth.locator('a').first().click();
  await expectHeading(page, title);
  await page.goBack();
  await page.getByRole('status').filter({ hasText: /Fant \d+ aktiviteter/ }).waitFor();
  await page.waitForFunction((y) => Math.abs(window.scrollY - y) < 80, before);
  const box = await page.locator('main .results > li').nth(7).boundingBox();
  assert.ok(box.y < 740 && box.y + box.height > 0, 'the same activity is on screen');
  await page.close();
});

test('a search that finds nothing offers the nearest spelling, which finds', async () => {
  const page = await newPage();
  // Typed as one word, which no activity uses: nothing found.
  await page.goto(`${BASE_URL}/aktiviteter?q=yogakurs`);
  await page.getByRole('status').filter({ hasText: 'Fant ingen aktiviteter.' }).waitFor();
  await page.getByText('Mente du:').waitFor();
  await checkPage(page, 'activities-did-you-mean');
  await page.getByRole('link', { name: 'yoga', exact: true }).click();
  await page.getByRole('status').filter({ hasText: /^Fant / }).waitFor();
  assert.equal(new URL(page.url()).searchParams.get('q'), 'yoga');
  // Sorted by relevance: the first result has the word in its title.
  assert.match(await page.locator('ul.results li').first().innerText(), /yoga/i);
  assert.deepEqual(page.errors, []);
  await page.close();
});
