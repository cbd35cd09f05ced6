import type { FamilyModule } from '../registry/family';

export const ENCODER_DECODER: FamilyModule = {};
