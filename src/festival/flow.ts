/**
 * The kernel's flow types over the festival's data (content/*.yaml): what every flow in `flows/`
 * is written against. The kernel (src/core) knows nothing of the festival; this is where the two meet.
 */
import { defineFlow as defineKernelFlow, type Flow, type FlowContext, type StepFn } from '../core/flow.js';
import type { ContentData } from './data.js';

/** What a festival flow may read: the kernel's context with the festival's data. */
export type FestivalContext = FlowContext<ContentData>;
/** A flow over the festival's data. */
export type FestivalFlow<D = unknown> = Flow<D, ContentData>;
/** A step of a festival flow. */
export type FestivalStep<D> = StepFn<D, ContentData>;

/** Erases a festival flow's own data type so every flow shares one registry (see core/flow.ts). */
export function defineFlow<D>(flow: FestivalFlow<D>): FestivalFlow<unknown> {
  return defineKernelFlow<D, ContentData>(flow);
}
