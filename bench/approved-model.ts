import type { Principal } from '../src/access/principal.ts';
import type { RegistryContext } from '../src/registry/context.ts';
import { changeModelStatus, fileModel } from '../src/registry/models/models.ts';
import { insertParticipant, type Participant } from '../src/registry/participants/participants.ts';

/** BenchCast is a regulator, a manufacturer and one approved model, made through the registry's own use cases. */
export interface BenchCast {
  regulator: Principal;
  maker: Principal;
  modelCode: string;
}

const principalOf = (p: Participant): Principal => ({
  participantId: p.id,
  name: p.name,
  roles: p.roles,
  enterpriseCode: p.enterpriseCode,
});

/** approvedModel enrols a regulator and a manufacturer and files and approves one model declaring componentTypes. */
export async function approvedModel(ctx: RegistryContext, componentTypes: string[]): Promise<BenchCast> {
  const regulator = principalOf(
    await ctx.store.readWrite((tx) => insertParticipant(tx, { name: 'Bench Regulator', country: 'CN', roles: ['regulator'] })),
  );
  const maker = principalOf(
    await ctx.store.readWrite((tx) => insertParticipant(tx, { name: 'Bench Robotics Co., Ltd.', country: 'CN', roles: ['manufacturer'] })),
  );
  const model = await fileModel(ctx, maker, {
    name: 'Bench H1',
    category: 'general-purpose humanoid',
    componentTypes,
    parameters: {
      heightCm: 170,
      massKg: 60,
      degreesOfFreedom: 40,
      payloadKg: 15,
      topSpeedKmh: 6,
      batteryChemistry: 'NMC',
      batteryCapacityWh: 2000,
      autonomyLevel: 'L3',
      applications: ['logistics'],
    },
  });
  if (!maker.enterpriseCode) throw new Error('a manufacturer gets its enterprise code on enrolment');
  await changeModelStatus(ctx, regulator, maker.enterpriseCode, model.modelCode, 'approve');
  return { regulator, maker, modelCode: model.modelCode };
}
