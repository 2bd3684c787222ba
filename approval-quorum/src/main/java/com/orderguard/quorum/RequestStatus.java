package com.orderguard.quorum;

import java.util.List;

/** A snapshot of one request in the book, for the control plane to show officers. */
public final class RequestStatus
{
    private final QuorumRequest request;
    private final RequestState state;
    private final List<String> approverIds;
    private final List<String> denierIds;
    private final int requiredApprovals;
    private final int denialThreshold;

    RequestStatus(
        final QuorumRequest request,
        final RequestState state,
        final List<String> approverIds,
        final List<String> denierIds,
        final int requiredApprovals,
        final int denialThreshold)
    {
        this.request = request;
        this.state = state;
        this.approverIds = List.copyOf(approverIds);
        this.denierIds = List.copyOf(denierIds);
        this.requiredApprovals = requiredApprovals;
        this.denialThreshold = denialThreshold;
    }

    public QuorumRequest request()
    {
        return request;
    }

    public RequestState state()
    {
        return state;
    }

    /** Officers whose approvals are recorded, in the order they arrived. */
    public List<String> approverIds()
    {
        return approverIds;
    }

    public List<String> denierIds()
    {
        return denierIds;
    }

    /** Approvals needed (0 when the request's policy is no longer in force). */
    public int requiredApprovals()
    {
        return requiredApprovals;
    }

    /** Denials that deny the request (0 when the request's policy is no longer in force). */
    public int denialThreshold()
    {
        return denialThreshold;
    }

    @Override
    public String toString()
    {
        return request.id() + " " + request.operation() + " " + state + " approvals " + approverIds.size() + "/" +
            requiredApprovals + " " + approverIds + " denials " + denierIds.size() + "/" + denialThreshold;
    }
}
