import type { FamilyModule } from '../registry/family';

export const GEMMA: FamilyModule = {};
