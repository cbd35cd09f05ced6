import type { FamilyModule } from '../registry/family';

export const GPT: FamilyModule = {};
