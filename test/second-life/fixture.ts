import assert from 'node:assert/strict';
import { enrol, fileModel, type Enrolled, type TestRegistry } from '../harness.ts';
import { acceptEachOther } from '../lifecycle/flow.ts';

/** SecondLifeCast is who the second-life tests (issue #16) start with, each enrolled and each approved model filed. */
export interface SecondLifeCast {
  maker: Enrolled;
  model: string;
  /** foreign is a manufacturer abroad (DE), whose units only a mandated importer brings in. */
  foreign: Enrolled;
  foreignModel: string;
  importer: Enrolled;
  /** otherImporter is an importer with no mandate. */
  otherImporter: Enrolled;
  buyer: Enrolled;
  recycler: Enrolled;
  reman: Enrolled;
  remanModel: string;
}

/**
 * secondLifeCast enrols the cast on r and, with also (parties the caller enrolled beforehand), gives
 * each standing acceptance of transfers from all the others; foreign takes part in no sale.
 */
export async function secondLifeCast(r: TestRegistry, also: readonly Enrolled[] = []): Promise<SecondLifeCast> {
  const maker = await enrol(r, ['manufacturer', 'seller'], 'Domestic Robotics');
  const model = await fileModel(r, maker);
  const foreign = await enrol(r, ['manufacturer'], 'Roboter Werke GmbH', 'DE');
  const foreignModel = await fileModel(r, foreign);
  const importer = await enrol(r, ['importer', 'seller'], 'Harbour Imports');
  const otherImporter = await enrol(r, ['importer'], 'Other Imports');
  const buyer = await enrol(r, ['operator'], 'Buyer Logistics');
  const recycler = await enrol(r, ['recycler'], 'Green Recycling');
  const reman = await enrol(r, ['remanufacturer'], 'Second Life Robotics');
  const remanModel = await fileModel(r, reman);
  await acceptEachOther(r, [maker, importer, otherImporter, buyer, recycler, reman, ...also]);
  return { maker, model, foreign, foreignModel, importer, otherImporter, buyer, recycler, reman, remanModel };
}

/** mandate has the regulator give importer a mandate to bring in maker's units. */
export async function mandate(r: TestRegistry, importer: Enrolled, maker: Enrolled): Promise<void> {
  const m = await r.call('POST', `/v1/participants/${importer.id}/mandates`, { token: r.regulatorToken, body: { maker: maker.id } });
  assert.equal(m.status, 201, JSON.stringify(m.body));
}
