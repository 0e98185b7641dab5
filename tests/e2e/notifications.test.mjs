// Notifications in real Chromium: a parent who uses the web app in English
// joins a waiting list; when a place opens up, the e-mail arrives at the
// real SMTP server (aiosmtpd, started by tests/run-system) in English, and
// the same message is on "Min side", where reminders can be turned off.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  BASE_URL, launch, checkPage, expectHeading, openPage, api, login, isoDate,
  mailTo, waitForMail, confirmationPath, registerConfirmed,
} from './browser.mjs';

const PASSWORD = 'lang-og-hemmelig-2026';
const DEMO_PASSWORD = 'fritid-demo-2026';
const stamp = Date.now().toString(36);

let context;
before(async () => { context = await launch(); });
after(async () => { await context?.close(); });

test('a place from the waiting list is e-mailed in English and shown on Min side', async () => {
  // A weekly activity with one place, taken by another family.
  const organizer = await login('arrangor@fritid.test', DEMO_PASSWORD);
  const [org] = (await api('GET', '/me/organizations', { token: organizer })).filter((o) => o.status === 'approved');
  const [place] = await api('GET', `/organizations/${org.id}/places`, { token: organizer });
  const title = `Klatring ${stamp}`;
  const created = await api('POST', `/organizations/${org.id}/activities`, {
    token: organizer,
    body: {
      place_id: place.id, category: 'idrett', title,
      description: 'Vi klatrer i hallen. Alt utstyr lånes ut.',
      age_min: 6, age_max: 16,
      contact: { name: 'Kari Nordmann', email: 'kari@example.no' },
      cost: { is_free: true },
      schedule: { kind: 'weekly', weekdays: ['wed'], start_time: '17:00', end_time: '18:30', from: isoDate(1), until: isoDate(60) },
      signup: { capacity: 1 },
    },
  });
  await api('POST', `/activities/${created.id}/publish`, { token: organizer });
  const other = await registerConfirmed(`annen-${stamp}@example.no`, PASSWORD, 'Annen Forelder');
  const taken = await api('POST', `/activities/${created.id}/signups`, {
    token: other.access_token, body: { participant: 'child', first_name: 'Nora', birth_year: 2015 },
  });
  assert.equal(taken.status, 'confirmed');

  // The parent switches the app to English and registers.
  const email = `parent-${stamp}@example.no`;
  const page = await openPage(context);
  await page.goto(`${BASE_URL}/registrer?neste=/aktiviteter/${created.id}`);
  await expectHeading(page, 'Registrer deg');
  await page.getByRole('button', { name: 'English' }).click();
  await expectHeading(page, 'Create an account');
  await page.getByLabel('Name').fill('Parent Test');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  // The answer says an e-mail is on its way (whatever the address); the
  // link in it, in English, logs the parent in and brings them back.
  const sent = page.locator('#register-sent');
  await sent.getByRole('heading', { name: 'Check your e-mail' }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'register-sent', 'focus on the message');
  assert.match(await sent.innerText(), new RegExp(`We have sent an e-mail to ${email}`));
  await checkPage(page, 'register-sent-en');
  await page.goto(`${BASE_URL}${await confirmationPath(email)}`);
  await expectHeading(page, title);
  assert.equal(new URL(page.url()).hash, '', 'the spent token is gone from the address bar');

  // Full: the child goes onto the waiting list.
  await page.getByLabel("The child's first name").fill('Amir');
  await page.getByLabel('Birth year').fill('2016');
  await page.getByRole('button', { name: 'Join the waiting list' }).click();
  await page.locator('#signup-result').filter({ hasText: 'Amir is number 1 on the waiting list.' }).waitFor();
  await waitForMail(email, `On the waiting list: ${title}`);

  // The other family cancels: Amir gets the place, and the parent is told.
  const [nora] = await api('GET', '/me/signups', { token: other.access_token });
  await api('POST', `/signups/${nora.id}/cancel`, { token: other.access_token });
  const mail = await waitForMail(email, `You got a place: ${title}`);
  assert.match(mail.text, new RegExp(`Amir now has a place on "${title}"`));
  assert.match(mail.text, new RegExp(`/aktiviteter/${created.id}`));
  assert.match(mail.html, /<html lang="en"/);
  // The family that cancelled was told nothing about someone else.
  assert.ok(mailTo(`annen-${stamp}@example.no`).every((m) => !m.subject.startsWith('You got a place')));

  // "Min side" shows the same message, e-mailed.
  await page.getByRole('link', { name: 'My page' }).click();
  await expectHeading(page, 'My page');
  const promoted = page.locator('.message', { hasText: `You got a place: ${title}` });
  await promoted.waitFor();
  assert.match(await promoted.innerText(), /sent by e-mail/);
  assert.match(await promoted.innerText(), /Amir now has a place/);
  assert.equal(await page.locator('.message').count(), 2, 'the waiting-list notice and the place');
  await checkPage(page, 'min-side-messages-en');

  // Reminders can be turned off; essential messages cannot.
  const reminders = page.getByLabel('E-mail me a reminder the day before');
  assert.ok(await reminders.isChecked());
  await reminders.uncheck();
  await page.getByRole('button', { name: 'Save choice' }).click();
  await page.getByRole('status').filter({ hasText: 'Your choice is saved.' }).waitFor();
  const me = await api('GET', '/me', { token: await login(email, PASSWORD) });
  assert.equal(me.email_reminders, false);
  assert.equal(me.language, 'en');

  // The language follows the account: back to Norwegian, stored for the messages.
  await page.getByRole('button', { name: 'Norsk' }).click();
  await expectHeading(page, 'Min side');
  const deadline = Date.now() + 5000;
  let language;
  do {
    language = (await api('GET', '/me', { token: await login(email, PASSWORD) })).language;
    if (language === 'nb') break;
    await new Promise((r) => setTimeout(r, 100));
  } while (Date.now() < deadline);
  assert.equal(language, 'nb');
  await checkPage(page, 'min-side-messages');
  assert.deepEqual(page.errors, []);
});

test('an organizer invites by e-mail; the person becomes a member only by saying yes on Min side', async () => {
  const organizerToken = await login('arrangor@fritid.test', DEMO_PASSWORD);
  const [org] = (await api('GET', '/me/organizations', { token: organizerToken })).filter((o) => o.status === 'approved');
  const email = `trener-${stamp}@example.no`;
  await registerConfirmed(email, PASSWORD, 'Trener Test');

  // The organizer invites from the organization's page.
  const page = await openPage(context);
  await page.goto(`${BASE_URL}/logg-inn?neste=/arrangor/${org.id}`);
  await page.getByLabel('E-post').fill('arrangor@fritid.test');
  await page.getByLabel('Passord').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Logg inn' }).click();
  await expectHeading(page, org.name);
  await page.getByLabel('E-post til personen du inviterer').fill(email);
  await page.getByRole('button', { name: 'Send invitasjon' }).click();
  await page.getByRole('status').filter({ hasText: `Invitasjonen er sendt til ${email}.` }).waitFor();
  await page.getByRole('button', { name: `Trekk tilbake invitasjonen til ${email}` }).waitFor();
  await checkPage(page, 'organization-invited');
  const mail = await waitForMail(email, `Invitasjon til ${org.name} på Fritid`);
  assert.match(mail.text, /Du blir ikke medlem før du selv sier ja/);
  assert.match(mail.text, /\/min-side/);
  // Not a member yet.
  let members = await api('GET', `/organizations/${org.id}/members`, { token: organizerToken });
  assert.ok(!members.some((m) => m.email === email));

  // The invitee, in a browser of their own, says yes on Min side.
  const own = await launch();
  try {
    const invitee = await openPage(own);
    await invitee.goto(`${BASE_URL}/logg-inn?neste=/min-side`);
    await invitee.getByLabel('E-post').fill(email);
    await invitee.getByLabel('Passord').fill(PASSWORD);
    await invitee.getByRole('button', { name: 'Logg inn' }).click();
    await expectHeading(invitee, 'Min side');
    await invitee.getByRole('heading', { name: 'Invitasjoner' }).waitFor();
    assert.match(await invitee.locator('.message', { hasText: org.name }).first().innerText(), /inviterer deg til å bli redaktør/);
    await checkPage(invitee, 'min-side-invitation');
    await invitee.getByRole('button', { name: `Si ja til invitasjonen fra ${org.name}` }).click();
    await invitee.getByRole('status').filter({ hasText: `Du er nå medlem av ${org.name}.` }).waitFor();
    // The list is read again after the answer: the section goes once it is
    // empty (the status may be announced a moment before).
    await invitee.getByRole('heading', { name: 'Invitasjoner' }).waitFor({ state: 'detached' });
    assert.deepEqual(invitee.errors, []);
  } finally {
    await own.close();
  }
  members = await api('GET', `/organizations/${org.id}/members`, { token: organizerToken });
  assert.ok(members.some((m) => m.email === email && m.role === 'editor'));
  assert.deepEqual(page.errors, []);
});
