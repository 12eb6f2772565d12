def test_planning_and_resources_routes_are_in_the_openapi_schema(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in [
        "/api/projects/{project_id}/tasks",
        "/api/tasks/{task_id}",
        "/api/projects/{project_id}/dependencies",
        "/api/goals/{goal_id}/key-results",
        "/api/baselines/{baseline_id}/compare",
        "/api/projects/{project_id}/schedule/apply",
        "/api/projects/{project_id}/time-entries",
        "/api/resources/{resource_id}",
    ]:
        assert path in paths, path
