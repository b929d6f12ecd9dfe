"use client";

import { createContext, useContext } from "react";

export interface ToolApproval {
  decide(approvalId: string, approved: boolean): void;
  /** True while a decision is on its way (or an answer streams): the buttons wait. */
  deciding: boolean;
}

/**
 * How a tool call's Approve / Reject reach the chat: provided by the thread, read by the tool
 * call, so the messages in between (memoised for streaming speed) need no new props.
 */
export const ToolApprovalContext = createContext<ToolApproval | null>(null);

export const useToolApproval = () => useContext(ToolApprovalContext);
